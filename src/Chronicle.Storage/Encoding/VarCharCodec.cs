using System.Buffers;
using System.Numerics;
using System.Text;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// VARCHAR values: UTF-8 literals with a dictionary built as the chunk is written, so repeated
/// values cost a reference and unique values a literal, and the head chunk needs no re-encoding.
/// </summary>
/// <remarks>
/// Bit layout of sample i's value, written after the sample's timestamp. The dictionary is
/// implicit: the k-th literal of the chunk is entry k, and N is the number of literals so far.
/// <code>
/// '0' literal:     length n, then zero bits up to the next byte boundary, then n UTF-8 bytes
///                  length: '0' + 6 bits (n &lt; 64) | '10' + 14 bits (n &lt; 16384) | '11' + 31 bits
/// '1' reference:   the entry index in ceil(log2(N)) bits (0 bits when N = 1)
/// </code>
/// A chunk of mostly unique values is thus length-prefixed UTF-8 at one extra bit each, and a
/// chunk of few distinct values is a per-chunk dictionary whose codes are a few bits: the choice
/// between the two is made value by value rather than once per chunk. Strings must be valid
/// UTF-16 (no lone surrogates) so that they round-trip exactly.
/// </remarks>
internal sealed class VarCharCodec
{
    /// <summary>Largest UTF-8 length of one value, bytes (16 MiB).</summary>
    public const int MaxValueBytes = 1 << 24;

    /// <summary>Largest chunk the literals may grow to, bytes (128 MiB: bit positions stay within int).</summary>
    public const int MaxChunkBytes = 1 << 27;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Dictionary<string, int> _entries = new(StringComparer.Ordinal);
    private long _literalBytes;

    /// <summary>Approximate bytes held by the encoder's dictionary.</summary>
    public long AllocatedBytes => _entries.Count * 48L + _literalBytes * 2;

    /// <summary>Appends a value.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not valid UTF-16 or longer than <see cref="MaxValueBytes"/>.</exception>
    /// <exception cref="InvalidOperationException">The chunk would exceed <see cref="MaxChunkBytes"/>.</exception>
    public void Write(ref BitWriter writer, string value)
    {
        if (_entries.TryGetValue(value, out int entry))
        {
            writer.WriteBits(1, 1);
            writer.WriteBits((ulong)entry, IndexBits(_entries.Count));
            return;
        }

        int length;
        try
        {
            length = Utf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("VARCHAR value is not valid UTF-16 text (it contains a lone surrogate).", nameof(value), e);
        }

        if (length > MaxValueBytes)
        {
            throw new ArgumentException($"VARCHAR value is {length} bytes of UTF-8; the limit is {MaxValueBytes}.", nameof(value));
        }

        if (writer.ByteLength + length > MaxChunkBytes)
        {
            throw new InvalidOperationException($"The chunk is full: its VARCHAR values would exceed {MaxChunkBytes} bytes.");
        }

        writer.WriteBits(0, 1);
        if (length < 64)
        {
            writer.WriteBits((ulong)length, 1 + 6);
        }
        else if (length < 16384)
        {
            writer.WriteBits((0b10UL << 14) | (uint)length, 2 + 14);
        }
        else
        {
            writer.WriteBits((0b11UL << 31) | (uint)length, 2 + 31);
        }

        writer.AlignToByte();
        Utf8.GetBytes(value, writer.ReserveBytes(length));
        _entries.Add(value, _entries.Count);
        _literalBytes += value.Length;
    }

    /// <summary>Forgets the dictionary (for a new chunk).</summary>
    public void Reset()
    {
        _entries.Clear();
        _literalBytes = 0;
    }

    /// <summary>Decodes the timestamps and values of a VARCHAR chunk's bit stream.</summary>
    /// <exception cref="InvalidDataException">Truncated or corrupt stream.</exception>
    public static void Decode(ref BitReader reader, Span<long> timestamps, Span<string> strings)
    {
        int count = timestamps.Length;
        int[] literalSamples = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var time = new TimestampCodec();
            int literals = 0;
            for (int i = 0; i < count; i++)
            {
                timestamps[i] = i switch
                {
                    0 => time.ReadFirst(ref reader),
                    1 => time.ReadSecond(ref reader),
                    _ => time.ReadNext(ref reader),
                };

                if (reader.ReadBit())
                {
                    int index = (int)reader.Read(IndexBits(literals));
                    if (index >= literals)
                    {
                        throw new InvalidDataException($"Chunk is corrupt: VARCHAR sample {i} refers to dictionary entry {index} of {literals}.");
                    }

                    strings[i] = strings[literalSamples[index]];
                }
                else
                {
                    strings[i] = ReadLiteral(ref reader);
                    literalSamples[literals++] = i;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(literalSamples);
        }
    }

    private static string ReadLiteral(ref BitReader reader)
    {
        int length;
        if (!reader.ReadBit())
        {
            length = (int)reader.ReadSmall(6);
        }
        else if (!reader.ReadBit())
        {
            length = (int)reader.ReadSmall(14);
        }
        else
        {
            length = (int)reader.ReadSmall(31);
        }

        reader.AlignToByte();
        ReadOnlySpan<byte> bytes = reader.ReadBytes(length);
        try
        {
            return Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("Chunk is corrupt: a VARCHAR literal is not valid UTF-8.", e);
        }
    }

    private static int IndexBits(int entries) => entries <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(entries - 1));
}
