using Chronicle.Arrow;

namespace Chronicle.Arrow.Tests;

/// <summary>Shared fixtures: the repository root, a batch of every type, and write/read helpers.</summary>
internal static class TestData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Chronicle.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Chronicle.sln not found above {AppContext.BaseDirectory}.");
    }

    public static string FlightsPath => Path.Combine(RepoRoot, "samples", "data", "flights-200k.arrow");

    /// <summary>A schema with one column of every supported type (nullable unless noted).</summary>
    public static ArrowSchema AllTypesSchema { get; } = new(
        new ArrowField("i8", ArrowType.Int8),
        new ArrowField("i16", ArrowType.Int16),
        new ArrowField("i32", ArrowType.Int32),
        new ArrowField("i64", ArrowType.Int64, nullable: false),
        new ArrowField("u8", ArrowType.UInt8),
        new ArrowField("u16", ArrowType.UInt16),
        new ArrowField("u32", ArrowType.UInt32),
        new ArrowField("u64", ArrowType.UInt64),
        new ArrowField("f32", ArrowType.Float32),
        new ArrowField("f64", ArrowType.Float64),
        new ArrowField("flag", ArrowType.Boolean),
        new ArrowField("text", ArrowType.Utf8),
        new ArrowField("time", ArrowType.Timestamp(TimeUnit.Nanosecond, "UTC"), nullable: false),
        new ArrowField("naive_ms", ArrowType.Timestamp(TimeUnit.Millisecond, null)),
        new ArrowField("nothing", ArrowType.Null),
        ArrowField.DictionaryUtf8("host", dictionaryId: 0));

    /// <summary>
    /// A batch of <paramref name="rows"/> rows of every type; with <paramref name="nulls"/>, every
    /// third row is null in the nullable columns. Values include the types' extremes.
    /// </summary>
    public static ArrowRecordBatch AllTypesBatch(int rows, bool nulls, int seed = 1, ArrowDictionaryBuilder? hosts = null)
    {
        var random = new Random(seed);
        var valid = new bool[rows];
        for (int i = 0; i < rows; i++) valid[i] = !nulls || i % 3 != 1;
        ReadOnlySpan<bool> v = nulls ? valid : default;
        T Pick<T>(int i, T[] extremes, Func<T> next) => i < extremes.Length ? extremes[i] : next();

        var i8 = new sbyte[rows]; var i16 = new short[rows]; var i32 = new int[rows]; var i64 = new long[rows];
        var u8 = new byte[rows]; var u16 = new ushort[rows]; var u32 = new uint[rows]; var u64 = new ulong[rows];
        var f32 = new float[rows]; var f64 = new double[rows]; var flags = new bool[rows];
        var text = new string?[rows]; var times = new long[rows]; var naive = new long[rows]; var host = new string?[rows];
        string[] samples = ["", "a", "héllo wörld", "日本語", "emoji 🎉", "line\nbreak", "quote \" and \\"];
        string[] hostNames = ["alpha", "beta", "gamma", "δέλτα"];
        for (int i = 0; i < rows; i++)
        {
            i8[i] = Pick<sbyte>(i, [sbyte.MinValue, sbyte.MaxValue, 0], () => (sbyte)random.Next(-128, 128));
            i16[i] = Pick<short>(i, [short.MinValue, short.MaxValue, 0], () => (short)random.Next(short.MinValue, short.MaxValue + 1));
            i32[i] = Pick<int>(i, [int.MinValue, int.MaxValue, 0], () => random.Next(int.MinValue, int.MaxValue));
            i64[i] = Pick<long>(i, [long.MinValue, long.MaxValue, 0], random.NextInt64);
            u8[i] = Pick<byte>(i, [byte.MinValue, byte.MaxValue, 1], () => (byte)random.Next(256));
            u16[i] = Pick<ushort>(i, [ushort.MinValue, ushort.MaxValue, 1], () => (ushort)random.Next(65536));
            u32[i] = Pick<uint>(i, [uint.MinValue, uint.MaxValue, 1], () => (uint)random.NextInt64(0, 1L << 32));
            u64[i] = Pick<ulong>(i, [ulong.MinValue, ulong.MaxValue, 1], () => (ulong)random.NextInt64() * 2 + 1);
            f32[i] = Pick<float>(i, [float.MinValue, float.MaxValue, -0.0f, float.Epsilon], () => (float)(random.NextDouble() * 2000 - 1000));
            f64[i] = Pick<double>(i, [double.MinValue, double.MaxValue, double.Epsilon, 0.1], () => random.NextDouble() * 1e6 - 5e5);
            flags[i] = random.Next(2) == 1;
            text[i] = valid[i] ? samples[i % samples.Length] + (i >= samples.Length ? i.ToString() : "") : null;
            times[i] = 1_700_000_000_000_000_000L + i * 1_000_000_007L;
            naive[i] = 1_600_000_000_000L + i;
            host[i] = valid[i] ? hostNames[random.Next(hostNames.Length)] : null;
        }
        var columns = new[]
        {
            ArrowArray.FromInt8(i8, v), ArrowArray.FromInt16(i16, v), ArrowArray.FromInt32(i32, v), ArrowArray.FromInt64(i64),
            ArrowArray.FromUInt8(u8, v), ArrowArray.FromUInt16(u16, v), ArrowArray.FromUInt32(u32, v), ArrowArray.FromUInt64(u64, v),
            ArrowArray.FromFloat(f32, v), ArrowArray.FromDouble(f64, v), ArrowArray.FromBoolean(flags, v), ArrowArray.FromStrings(text),
            ArrowArray.FromTimestamps(times), ArrowArray.FromTimestamps(naive, TimeUnit.Millisecond, null, v), ArrowArray.Nulls(rows),
            (hosts ?? new ArrowDictionaryBuilder()).Encode(host),
        };
        return new ArrowRecordBatch(AllTypesSchema, rows, columns);
    }

    public static byte[] WriteStream(ArrowSchema schema, params ArrowRecordBatch[] batches)
    {
        var output = new MemoryStream();
        using (var writer = new ArrowStreamWriter(output, schema, leaveOpen: true))
        {
            foreach (var batch in batches) writer.WriteBatch(batch);
            writer.Finish();
        }
        return output.ToArray();
    }

    public static byte[] WriteFile(ArrowSchema schema, params ArrowRecordBatch[] batches)
    {
        var output = new MemoryStream();
        using (var writer = new ArrowFileWriter(output, schema, leaveOpen: true))
        {
            foreach (var batch in batches) writer.WriteBatch(batch);
            writer.Finish();
        }
        return output.ToArray();
    }

    public static (ArrowSchema Schema, List<ArrowRecordBatch> Batches) ReadStream(byte[] bytes)
    {
        using var reader = new ArrowStreamReader(new MemoryStream(bytes));
        var schema = reader.Schema;
        return (schema, reader.ReadAllBatches().ToList());
    }

    public static (ArrowSchema Schema, List<ArrowRecordBatch> Batches) ReadFile(byte[] bytes)
    {
        using var reader = new ArrowFileReader(bytes);
        return (reader.Schema, reader.ReadAllBatches().ToList());
    }

    /// <summary>Asserts two schemas describe the same fields.</summary>
    public static void AssertSameSchema(ArrowSchema expected, ArrowSchema actual)
    {
        Assert.Equal(expected.Fields.Count, actual.Fields.Count);
        for (int i = 0; i < expected.Fields.Count; i++)
        {
            var e = expected.Fields[i];
            var a = actual.Fields[i];
            Assert.Equal(e.Name, a.Name);
            Assert.Equal(e.Type, a.Type);
            Assert.Equal(e.IsNullable, a.IsNullable);
            Assert.Equal(e.DictionaryId, a.DictionaryId);
        }
    }

    /// <summary>Asserts two batches hold the same values, column by column, row by row.</summary>
    public static void AssertSameBatch(ArrowRecordBatch expected, ArrowRecordBatch actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(expected.Columns.Count, actual.Columns.Count);
        for (int c = 0; c < expected.Columns.Count; c++)
        {
            var e = expected.Columns[c];
            var a = actual.Columns[c];
            string name = expected.Schema.Fields[c].Name;
            Assert.True(e.NullCount == a.NullCount, $"column {name}: null count {a.NullCount}, expected {e.NullCount}");
            for (int i = 0; i < e.Length; i++)
            {
                Assert.True(e.IsNull(i) == a.IsNull(i), $"column {name} row {i}: IsNull differs");
                var ev = e.GetValue(i);
                var av = a.GetValue(i);
                Assert.True(Equals(ev, av), $"column {name} row {i}: got {av}, expected {ev}");
            }
        }
    }
}
