namespace Chronicle.Arrow;

/// <summary>
/// An Arrow logical type: one of the supported <see cref="ArrowTypeId"/>s plus, for timestamps, the
/// unit and time zone. Instances are immutable and compare by value; use the static members
/// (<see cref="Int64"/>, <see cref="Float64"/>, <see cref="Timestamp(TimeUnit, string?)"/> ...).
/// </summary>
public sealed class ArrowType : IEquatable<ArrowType>
{
    private ArrowType(ArrowTypeId id, int bitWidth, TimeUnit unit = TimeUnit.Nanosecond, string? timeZone = null)
    {
        Id = id;
        BitWidth = bitWidth;
        Unit = unit;
        TimeZone = timeZone;
    }

    /// <summary>The Null type: every slot is null and no memory is stored.</summary>
    public static ArrowType Null { get; } = new(ArrowTypeId.Null, 0);

    /// <summary>Signed 8-bit integer.</summary>
    public static ArrowType Int8 { get; } = new(ArrowTypeId.Int8, 8);

    /// <summary>Signed 16-bit integer.</summary>
    public static ArrowType Int16 { get; } = new(ArrowTypeId.Int16, 16);

    /// <summary>Signed 32-bit integer.</summary>
    public static ArrowType Int32 { get; } = new(ArrowTypeId.Int32, 32);

    /// <summary>Signed 64-bit integer.</summary>
    public static ArrowType Int64 { get; } = new(ArrowTypeId.Int64, 64);

    /// <summary>Unsigned 8-bit integer.</summary>
    public static ArrowType UInt8 { get; } = new(ArrowTypeId.UInt8, 8);

    /// <summary>Unsigned 16-bit integer.</summary>
    public static ArrowType UInt16 { get; } = new(ArrowTypeId.UInt16, 16);

    /// <summary>Unsigned 32-bit integer.</summary>
    public static ArrowType UInt32 { get; } = new(ArrowTypeId.UInt32, 32);

    /// <summary>Unsigned 64-bit integer.</summary>
    public static ArrowType UInt64 { get; } = new(ArrowTypeId.UInt64, 64);

    /// <summary>32-bit floating point (Arrow FloatingPoint, precision SINGLE).</summary>
    public static ArrowType Float32 { get; } = new(ArrowTypeId.Float32, 32);

    /// <summary>64-bit floating point (Arrow FloatingPoint, precision DOUBLE).</summary>
    public static ArrowType Float64 { get; } = new(ArrowTypeId.Float64, 64);

    /// <summary>Boolean, one bit per value.</summary>
    public static ArrowType Boolean { get; } = new(ArrowTypeId.Boolean, 1);

    /// <summary>UTF-8 strings with 32-bit offsets.</summary>
    public static ArrowType Utf8 { get; } = new(ArrowTypeId.Utf8, 0);

    private static readonly ArrowType TimestampNanosecondUtc = new(ArrowTypeId.Timestamp, 64, TimeUnit.Nanosecond, "UTC");

    /// <summary>
    /// A timestamp type: int64 ticks of <paramref name="unit"/> since 1970-01-01T00:00:00Z.
    /// </summary>
    /// <param name="unit">Length of one tick.</param>
    /// <param name="timeZone">
    /// A time zone name such as <c>"UTC"</c> (the values are then instants), or null for
    /// "time zone naive" values. An empty string is read as null.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unit"/> is not a defined unit.</exception>
    public static ArrowType Timestamp(TimeUnit unit = TimeUnit.Nanosecond, string? timeZone = "UTC")
    {
        if (!Enum.IsDefined(unit)) throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit.");
        if (string.IsNullOrEmpty(timeZone)) timeZone = null;
        if (unit == TimeUnit.Nanosecond && timeZone == "UTC") return TimestampNanosecondUtc;
        return new ArrowType(ArrowTypeId.Timestamp, 64, unit, timeZone);
    }

    /// <summary>The type's identity.</summary>
    public ArrowTypeId Id { get; }

    /// <summary>
    /// Bits per value in the value buffer: 8/16/32/64 for fixed-width numbers and timestamps, 1 for
    /// Boolean, 0 for Utf8 and Null (which have no fixed width).
    /// </summary>
    public int BitWidth { get; }

    /// <summary>Bytes per value for fixed-width types whose width is a whole number of bytes, else 0.</summary>
    internal int ByteWidth => BitWidth >= 8 ? BitWidth / 8 : 0;

    /// <summary>The timestamp unit; meaningful only when <see cref="Id"/> is <see cref="ArrowTypeId.Timestamp"/>.</summary>
    public TimeUnit Unit { get; }

    /// <summary>The timestamp's time zone, or null (always null for other types).</summary>
    public string? TimeZone { get; }

    /// <summary>Whether this is one of the eight integer types.</summary>
    public bool IsInteger => Id is >= ArrowTypeId.Int8 and <= ArrowTypeId.UInt64;

    /// <summary>Whether this is a signed integer type.</summary>
    public bool IsSignedInteger => Id is >= ArrowTypeId.Int8 and <= ArrowTypeId.Int64;

    /// <summary>Whether this is Float32 or Float64.</summary>
    public bool IsFloatingPoint => Id is ArrowTypeId.Float32 or ArrowTypeId.Float64;

    /// <inheritdoc />
    public bool Equals(ArrowType? other) =>
        other is not null && Id == other.Id &&
        (Id != ArrowTypeId.Timestamp || (Unit == other.Unit && TimeZone == other.TimeZone));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ArrowType);

    /// <inheritdoc />
    public override int GetHashCode() =>
        Id == ArrowTypeId.Timestamp ? HashCode.Combine(Id, Unit, TimeZone) : Id.GetHashCode();

    /// <summary>A readable name such as <c>Int64</c> or <c>Timestamp[ns, UTC]</c>.</summary>
    public override string ToString()
    {
        if (Id != ArrowTypeId.Timestamp) return Id.ToString();
        string unit = Unit switch
        {
            TimeUnit.Second => "s",
            TimeUnit.Millisecond => "ms",
            TimeUnit.Microsecond => "us",
            _ => "ns",
        };
        return TimeZone is null ? $"Timestamp[{unit}]" : $"Timestamp[{unit}, {TimeZone}]";
    }
}
