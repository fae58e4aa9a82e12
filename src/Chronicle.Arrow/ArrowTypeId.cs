namespace Chronicle.Arrow;

/// <summary>The Arrow logical types Chronicle.Arrow writes and reads.</summary>
public enum ArrowTypeId
{
    /// <summary>All values null; no buffers.</summary>
    Null,

    /// <summary>Signed 8-bit integer.</summary>
    Int8,

    /// <summary>Signed 16-bit integer.</summary>
    Int16,

    /// <summary>Signed 32-bit integer.</summary>
    Int32,

    /// <summary>Signed 64-bit integer.</summary>
    Int64,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64,

    /// <summary>IEEE 754 binary32.</summary>
    Float32,

    /// <summary>IEEE 754 binary64.</summary>
    Float64,

    /// <summary>Boolean, bit-packed (least significant bit first).</summary>
    Boolean,

    /// <summary>UTF-8 string with int32 offsets.</summary>
    Utf8,

    /// <summary>int64 ticks of a <see cref="TimeUnit"/> since the Unix epoch, with an optional time zone.</summary>
    Timestamp,
}
