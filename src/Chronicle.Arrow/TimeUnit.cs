namespace Chronicle.Arrow;

/// <summary>
/// The resolution of an Arrow <see cref="ArrowTypeId.Timestamp"/>: the length of one tick of the
/// int64 value counted from the Unix epoch. The numeric values match Arrow's <c>TimeUnit</c> enum
/// in <c>Schema.fbs</c>.
/// </summary>
public enum TimeUnit : short
{
    /// <summary>Seconds.</summary>
    Second = 0,

    /// <summary>Milliseconds (10^-3 s).</summary>
    Millisecond = 1,

    /// <summary>Microseconds (10^-6 s).</summary>
    Microsecond = 2,

    /// <summary>Nanoseconds (10^-9 s): Chronicle's own timestamp unit.</summary>
    Nanosecond = 3,
}
