using Chronicle.Arrow;
using Xunit.Abstractions;

namespace Chronicle.Arrow.Tests;

/// <summary>
/// Mutated and truncated Arrow files and streams must either read (and every value be readable)
/// or fail with <see cref="InvalidDataException"/>; no other exception may escape. The seed is
/// printed and part of every failure message; set CHRONICLE_FUZZ_SEED to replay one.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int Cases = 4000;

    private static byte[][] Inputs(bool file)
    {
        var hosts = new ArrowDictionaryBuilder();
        var small = TestData.AllTypesBatch(9, nulls: true, seed: 3, hosts);
        var more = TestData.AllTypesBatch(17, nulls: false, seed: 4, hosts);
        var schema = TestData.AllTypesSchema;
        return file
            ? [TestData.WriteFile(schema, small, more), TestData.WriteFile(schema)]
            : [TestData.WriteStream(schema, small, more), TestData.WriteStream(schema)];
    }

    private int Seed()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("CHRONICLE_FUZZ_SEED"), out int fixedSeed)
            ? fixedSeed
            : Random.Shared.Next();
        output.WriteLine($"fuzz seed: {seed} (replay with CHRONICLE_FUZZ_SEED={seed})");
        return seed;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Corrupt_input_throws_only_InvalidDataException(bool file)
    {
        int seed = Seed();
        var random = new Random(seed);
        var inputs = Inputs(file);
        int rejected = 0, accepted = 0;
        for (int n = 0; n < Cases; n++)
        {
            var original = inputs[random.Next(inputs.Length)];
            var (bytes, mutation) = Mutate(original, random);
            try
            {
                // Streams alternate between seekable and forward-only sources (different length checks).
                ReadEverything(bytes, file, forwardOnly: n % 2 == 1);
                accepted++;
            }
            catch (InvalidDataException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, case {n} ({mutation}): {e.GetType().Name} escaped: {e}");
            }
        }
        output.WriteLine($"{Cases} cases: {rejected} rejected with InvalidDataException, {accepted} read");
        Assert.True(rejected > Cases / 10, $"seed {seed}: only {rejected} of {Cases} corrupt inputs were rejected");
    }

    [Fact]
    public void Flights_file_with_corrupted_metadata_throws_only_InvalidDataException()
    {
        int seed = Seed();
        var random = new Random(seed);
        var original = File.ReadAllBytes(TestData.FlightsPath);
        for (int n = 0; n < 300; n++)
        {
            var bytes = (byte[])original.Clone();
            // Hit the schema and record batch metadata at the front and the footer at the back.
            int flips = random.Next(1, 4);
            string mutation = "";
            for (int k = 0; k < flips; k++)
            {
                int at = random.Next(2) == 0 ? random.Next(Math.Min(512, bytes.Length)) : bytes.Length - 1 - random.Next(Math.Min(512, bytes.Length));
                bytes[at] = (byte)random.Next(256);
                mutation += $"[{at}]";
            }
            try
            {
                ReadEverything(bytes, file: true);
            }
            catch (InvalidDataException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, case {n} (bytes {mutation}): {e.GetType().Name} escaped: {e}");
            }
        }
    }

    private static (byte[] Bytes, string Mutation) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(6))
        {
            case 0: // truncate
                int keep = random.Next(bytes.Length);
                return (bytes.AsSpan(0, keep).ToArray(), $"truncate to {keep}");
            case 1: // one random byte
                int at = random.Next(bytes.Length);
                bytes[at] = (byte)random.Next(256);
                return (bytes, $"byte {at} = {bytes[at]}");
            case 2: // several random bytes
                string what = "bytes";
                for (int k = random.Next(2, 8); k > 0; k--)
                {
                    int p = random.Next(bytes.Length);
                    bytes[p] = (byte)random.Next(256);
                    what += $" [{p}]={bytes[p]}";
                }
                return (bytes, what);
            case 3: // an interesting 32-bit value at an aligned position (lengths, offsets, counts)
                int[] interesting = [0, 1, -1, 7, 8, int.MaxValue, int.MinValue, 0x7FFF, 0xFFFF, 1 << 20];
                int q = random.Next(bytes.Length / 4) * 4;
                int value = interesting[random.Next(interesting.Length)];
                BitConverter.TryWriteBytes(bytes.AsSpan(q), value);
                return (bytes, $"int32 at {q} = {value}");
            case 4: // an interesting 64-bit value (body offsets and lengths are int64)
                long[] big = [-1, long.MaxValue, long.MinValue, int.MaxValue + 1L, 1L << 40];
                int r = random.Next(bytes.Length / 8) * 8;
                long v = big[random.Next(big.Length)];
                if (r + 8 <= bytes.Length) BitConverter.TryWriteBytes(bytes.AsSpan(r), v);
                return (bytes, $"int64 at {r} = {v}");
            default: // cut a piece out of the middle
                int from = random.Next(bytes.Length);
                int count = random.Next(1, Math.Min(64, bytes.Length - from) + 1);
                var cut = bytes.AsSpan(0, from).ToArray().Concat(bytes.AsSpan(from + count).ToArray()).ToArray();
                return (cut, $"remove {count} bytes at {from}");
        }
    }

    /// <summary>Reads the schema, every batch and every value, as a consumer would.</summary>
    internal static void ReadEverything(byte[] bytes, bool file, bool forwardOnly = false)
    {
        IEnumerable<ArrowRecordBatch> batches;
        IDisposable reader;
        if (file)
        {
            var fileReader = new ArrowFileReader(bytes);
            batches = fileReader.ReadAllBatches();
            reader = fileReader;
        }
        else
        {
            Stream source = forwardOnly ? new ForwardOnlyStream(bytes) : new MemoryStream(bytes);
            var streamReader = new ArrowStreamReader(source);
            _ = streamReader.Schema;
            batches = streamReader.ReadAllBatches();
            reader = streamReader;
        }
        using (reader)
        {
            foreach (var batch in batches)
            {
                foreach (var column in batch.Columns)
                {
                    for (int i = 0; i < column.Length; i++) _ = column.GetValue(i);
                    if (column.Type.ByteWidth == 8 && !column.IsDictionaryEncoded) _ = column.GetValues<long>().Length;
                    if (column.IsDictionaryEncoded) _ = column.DictionaryIndices.Length;
                    else if (column.Type.Id == ArrowTypeId.Utf8) _ = column.ValueOffsets.Length + column.ValueData.Length;
                }
            }
        }
    }
}
