namespace Chronicle.Storage;

/// <summary>The value type of a field column, and so of every series of that field.</summary>
/// <remarks>
/// Values travel through the engine as 64-bit words (<see cref="Reading.SampleBlock.Values"/>):
/// <see cref="Double"/> as its IEEE-754 bits (<see cref="BitConverter.DoubleToInt64Bits"/>),
/// <see cref="BigInt"/> as itself, <see cref="Boolean"/> as 0 or 1. <see cref="VarChar"/> values
/// travel as strings (<see cref="Reading.SampleBlock.Strings"/>).
/// </remarks>
public enum FieldType : byte
{
    /// <summary>64-bit IEEE-754 floating point; encoded with Gorilla XOR.</summary>
    Double = 1,
    /// <summary>64-bit signed integer; encoded delta + zigzag, bit-packed per value with an adaptive width (see docs/file-formats.md).</summary>
    BigInt = 2,
    /// <summary>Boolean; bit-packed.</summary>
    Boolean = 3,
    /// <summary>UTF-8 text; length-prefixed on first use in a chunk, then a dictionary reference.</summary>
    VarChar = 4,
}
