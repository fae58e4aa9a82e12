using Chronicle.Storage.Reading;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// Encodes the samples of one series into a chunk as they arrive: the head chunk's encoder, also
/// used to build sealed chunks at flush and compaction.
/// </summary>
/// <remarks>
/// After every <see cref="Append(long, long)"/> the bytes of <see cref="Encoded"/> are a complete
/// chunk that <see cref="ChunkCodec.Decode"/> reads (the header's count is rewritten in place), so
/// a query can read the head chunk at any time. The layout is described in
/// <see cref="ChunkHeader"/>, <see cref="TimestampCodec"/> and the value codecs, and in
/// <c>docs/file-formats.md</c> ("Chunk encodings"). Not thread-safe: one writer, and readers must
/// copy or decode <see cref="Encoded"/> under the same lock as appends.
/// </remarks>
internal sealed class ChunkEncoder
{
    private const int InitialBytes = 64;

    /// <summary>Samples a segment encoder has room for before its kept arrays grow.</summary>
    private const int InitialKept = 512;
    private BitWriter _writer;
    private TimestampCodec _time;
    private DoubleXorCodec _double;
    private BigIntDeltaCodec _bigInt;
    private readonly VarCharCodec? _varChar;
    private SummaryAccumulator _summary;

    /// <summary>For a segment encoder of DOUBLE or BIGINT values, the samples appended (for <see cref="SegmentEncoded"/>); else null.</summary>
    private long[]? _keptTimes, _keptBits;
    private byte[]? _packed;

    /// <summary>Creates an empty encoder for values of <paramref name="type"/>, with a small buffer that grows as needed.</summary>
    /// <param name="type">The value type.</param>
    /// <param name="forSegments">
    /// True for the encoders of flush and compaction: a DOUBLE or BIGINT encoder then also keeps the samples
    /// so that <see cref="SegmentEncoded"/> can write them block-packed (16 bytes per sample more,
    /// which is why head chunks do not).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined <see cref="FieldType"/>.</exception>
    public ChunkEncoder(FieldType type, bool forSegments = false)
    {
        if (type < FieldType.Double || type > FieldType.VarChar)
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown field type.");
        }

        Type = type;
        _writer = new BitWriter(InitialBytes);
        _varChar = type == FieldType.VarChar ? new VarCharCodec() : null;
        if (forSegments && type is FieldType.Double or FieldType.BigInt)
        {
            _keptTimes = new long[InitialKept];
            _keptBits = new long[InitialKept];
        }

        Reset();
    }

    /// <summary>The value type of the chunk.</summary>
    public FieldType Type { get; }

    /// <summary>Number of samples appended since creation or the last <see cref="Reset"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Timestamp of the first sample, nanoseconds (0 when empty).</summary>
    public long MinTime { get; private set; }

    /// <summary>Timestamp of the last sample, nanoseconds (0 when empty).</summary>
    public long MaxTime { get; private set; }

    /// <summary>The complete chunk: header and bit stream. Valid until the next append or reset.</summary>
    public ReadOnlySpan<byte> Encoded => _writer.Written;

    /// <summary>
    /// The chunk to store in a segment: for an encoder made <c>forSegments</c> of DOUBLE or BIGINT values, the
    /// block-packed chunk (format version 2, <see cref="DeltaPackedCodec"/>) when it is smaller
    /// than <see cref="Encoded"/>, which it is for full-precision data; otherwise
    /// <see cref="Encoded"/>. Both decode to the same samples. Valid until the next append or reset.
    /// </summary>
    public ReadOnlySpan<byte> SegmentEncoded
    {
        get
        {
            if (_keptTimes is null || Count == 0)
            {
                return Encoded;
            }

            int max = DeltaPackedCodec.MaxLength(Count);
            if (_packed is null || _packed.Length < max)
            {
                _packed = new byte[Math.Max(max, (_packed?.Length ?? 0) * 2)];
            }

            int length = DeltaPackedCodec.Encode(Type, _keptTimes.AsSpan(0, Count), _keptBits.AsSpan(0, Count), _packed);
            var encoded = Encoded;
            return length < encoded.Length ? _packed.AsSpan(0, length) : encoded;
        }
    }

    /// <summary>Keeps sample <see cref="Count"/> of a segment encoder (called before the count moves).</summary>
    private void Keep(long timestamp, long bits)
    {
        if (_keptTimes is null)
        {
            return;
        }

        if (Count == _keptTimes.Length)
        {
            Array.Resize(ref _keptTimes, Count * 2);
            Array.Resize(ref _keptBits, Count * 2);
        }

        _keptTimes[Count] = timestamp;
        _keptBits![Count] = bits;
    }

    /// <summary>Keeps the samples [<see cref="Count"/>, +n) of a segment encoder (called before the count moves).</summary>
    private void Keep(ReadOnlySpan<long> timestamps, ReadOnlySpan<long> bits)
    {
        if (_keptTimes is null)
        {
            return;
        }

        int need = Count + timestamps.Length;
        if (need > _keptTimes.Length)
        {
            int size = Math.Max(need, _keptTimes.Length * 2);
            Array.Resize(ref _keptTimes, size);
            Array.Resize(ref _keptBits, size);
        }

        timestamps.CopyTo(_keptTimes.AsSpan(Count));
        bits.CopyTo(_keptBits.AsSpan(Count));
    }

    /// <summary>Count, time range, min, max, sum, first and last value of the samples so far (see <see cref="SummaryAccumulator"/> for NaN and VARCHAR rules).</summary>
    public ChunkSummary Summary => _summary.Summary;

    /// <summary>Bytes this encoder holds on the heap (buffer and, for VARCHAR, an estimate of its dictionary).</summary>
    public int AllocatedBytes => _writer.Buffer.Length + (int)Math.Min(int.MaxValue / 2, _varChar?.AllocatedBytes ?? 0);

    /// <summary>Appends a sample of a DOUBLE, BIGINT or BOOLEAN series.</summary>
    /// <param name="timestamp">Nanoseconds since the Unix epoch; greater than <see cref="MaxTime"/> unless the chunk is empty.</param>
    /// <param name="bits">The value word: IEEE-754 bits for DOUBLE, the value for BIGINT, 0 or 1 for BOOLEAN.</param>
    /// <exception cref="ArgumentException"><paramref name="timestamp"/> is not after <see cref="MaxTime"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A BOOLEAN word other than 0 or 1.</exception>
    /// <exception cref="InvalidOperationException">The encoder is for VARCHAR, or holds <see cref="ChunkHeader.MaxCount"/> samples already.</exception>
    public void Append(long timestamp, long bits)
    {
        CheckAppend(timestamp, FieldType.VarChar, "Append(long, string)");
        int index = Count;
        _time.Write(ref _writer, timestamp, index);
        switch (Type)
        {
            case FieldType.Double:
                _double.Write(ref _writer, bits, index);
                Keep(timestamp, bits);
                break;
            case FieldType.BigInt:
                _bigInt.Write(ref _writer, bits, index);
                Keep(timestamp, bits);
                break;
            default:
                if ((ulong)bits > 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(bits), bits, "A BOOLEAN value word must be 0 or 1.");
                }

                BooleanCodec.Write(ref _writer, bits);
                break;
        }

        Appended(timestamp, bits);
    }

    /// <summary>
    /// Appends samples of a DOUBLE, BIGINT or BOOLEAN series: the same bytes as calling
    /// <see cref="Append(long, long)"/> for each, with the checks done once up front and the
    /// header's count written once (the head's bulk path). A rejected range leaves the chunk as it was.
    /// </summary>
    /// <param name="timestamps">Nanoseconds, strictly increasing and after <see cref="MaxTime"/> unless the chunk is empty.</param>
    /// <param name="bits">Value words, as for <see cref="Append(long, long)"/>; as long as <paramref name="timestamps"/>.</param>
    /// <exception cref="ArgumentException">The spans differ in length, or a timestamp is not after the one before it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A BOOLEAN word other than 0 or 1.</exception>
    /// <exception cref="InvalidOperationException">The encoder is for VARCHAR, or the samples would exceed <see cref="ChunkHeader.MaxCount"/>.</exception>
    public void AppendRange(ReadOnlySpan<long> timestamps, ReadOnlySpan<long> bits)
    {
        if (timestamps.Length != bits.Length)
        {
            throw new ArgumentException("timestamps and values differ in length", nameof(bits));
        }

        if (timestamps.Length == 0)
        {
            return;
        }

        CheckAppend(timestamps[0], FieldType.VarChar, "Append(long, string)");
        for (int i = 1; i < timestamps.Length; i++)
        {
            if (timestamps[i] <= timestamps[i - 1])
            {
                throw new ArgumentException($"Timestamp {timestamps[i]} is not after the previous timestamp {timestamps[i - 1]}; a chunk's timestamps must be strictly increasing.", nameof(timestamps));
            }
        }

        if (Count + timestamps.Length > ChunkHeader.MaxCount)
        {
            throw new InvalidOperationException($"The chunk is full: it holds the maximum of {ChunkHeader.MaxCount} samples.");
        }

        Keep(timestamps, bits);
        int index = Count;
        switch (Type)
        {
            case FieldType.Double:
                for (int i = 0; i < timestamps.Length; i++, index++)
                {
                    _time.Write(ref _writer, timestamps[i], index);
                    _double.Write(ref _writer, bits[i], index);
                    _summary.Add(timestamps[i], bits[i]);
                }

                break;
            case FieldType.BigInt:
                for (int i = 0; i < timestamps.Length; i++, index++)
                {
                    _time.Write(ref _writer, timestamps[i], index);
                    _bigInt.Write(ref _writer, bits[i], index);
                    _summary.Add(timestamps[i], bits[i]);
                }

                break;
            default:
                foreach (long b in bits)
                {
                    if ((ulong)b > 1)
                    {
                        throw new ArgumentOutOfRangeException(nameof(bits), b, "A BOOLEAN value word must be 0 or 1.");
                    }
                }

                for (int i = 0; i < timestamps.Length; i++, index++)
                {
                    _time.Write(ref _writer, timestamps[i], index);
                    BooleanCodec.Write(ref _writer, bits[i]);
                    _summary.Add(timestamps[i], bits[i]);
                }

                break;
        }

        if (Count == 0)
        {
            MinTime = timestamps[0];
        }

        MaxTime = timestamps[^1];
        Count = index;
        ChunkHeader.WriteCount(_writer.Buffer, Count);
    }

    /// <summary>Appends a sample of a VARCHAR series.</summary>
    /// <param name="timestamp">Nanoseconds since the Unix epoch; greater than <see cref="MaxTime"/> unless the chunk is empty.</param>
    /// <param name="value">The text; valid UTF-16 (no lone surrogates).</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="timestamp"/> is not after <see cref="MaxTime"/>, or <paramref name="value"/> is not valid UTF-16 or exceeds 16 MiB of UTF-8.</exception>
    /// <exception cref="InvalidOperationException">The encoder is not for VARCHAR, or is full (65,535 samples or 128 MiB).</exception>
    public void Append(long timestamp, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Type != FieldType.VarChar)
        {
            throw new InvalidOperationException($"This chunk encoder holds {Type} values; use Append(long, long).");
        }

        CheckAppend(timestamp, (FieldType)0, "");
        // A rejected value must leave the chunk as it was: undo the timestamp already written.
        int mark = _writer.BitPosition;
        var timeBefore = _time;
        _time.Write(ref _writer, timestamp, Count);
        try
        {
            _varChar!.Write(ref _writer, value);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            _time = timeBefore;
            _writer.Truncate(mark);
            throw;
        }

        Appended(timestamp, 0);
    }

    /// <summary>Empties the encoder for a new chunk, keeping its buffer.</summary>
    public void Reset()
    {
        _writer.Clear(ChunkHeader.Size * 8);
        _writer.SetByte(0, ChunkHeader.FormatByte(Type));
        _time = default;
        _double = new DoubleXorCodec();
        _bigInt = default;
        _varChar?.Reset();
        _summary = new SummaryAccumulator(Type);
        Count = 0;
        MinTime = 0;
        MaxTime = 0;
    }

    private void CheckAppend(long timestamp, FieldType forbidden, string otherOverload)
    {
        if (Type == forbidden)
        {
            throw new InvalidOperationException($"This chunk encoder holds {Type} values; use {otherOverload}.");
        }

        if (Count > 0 && timestamp <= MaxTime)
        {
            throw new ArgumentException($"Timestamp {timestamp} is not after the chunk's last timestamp {MaxTime}; a chunk's timestamps must be strictly increasing.", nameof(timestamp));
        }

        if (Count == ChunkHeader.MaxCount)
        {
            throw new InvalidOperationException($"The chunk is full: it holds the maximum of {ChunkHeader.MaxCount} samples.");
        }
    }

    private void Appended(long timestamp, long bits)
    {
        if (Count == 0)
        {
            MinTime = timestamp;
        }

        MaxTime = timestamp;
        Count++;
        ChunkHeader.WriteCount(_writer.Buffer, Count);
        _summary.Add(timestamp, bits);
    }
}
