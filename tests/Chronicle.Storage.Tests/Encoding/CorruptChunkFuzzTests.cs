using Chronicle.Storage.Encoding;

namespace Chronicle.Storage.Tests.Encoding;

/// <summary>
/// Mutated and truncated chunks must decode to something or fail with InvalidDataException, never
/// with another exception (IndexOutOfRange, overflow, out-of-memory from a huge length...).
/// </summary>
public class CorruptChunkFuzzTests
{
    private const int Seed = 4242;
    private const int Mutations = 20000;

    [Fact]
    public void Mutated_chunks_fail_only_with_invalid_data()
    {
        var random = new Random(Seed);
        var originals = new List<byte[]>();
        foreach (FieldType type in new[] { FieldType.Double, FieldType.BigInt, FieldType.Boolean, FieldType.VarChar })
        {
            for (int k = 0; k < 10; k++)
            {
                int count = random.Next(1, 150);
                long[] ts = RoundTripPropertyTests.RandomTimestamps(random, count);
                originals.Add(type == FieldType.VarChar
                    ? ChunkCodec.Encode(type, ts, [], RoundTripPropertyTests.RandomStrings(random, count))
                    : ChunkCodec.Encode(type, ts, RoundTripPropertyTests.RandomValues(random, type, count)));
            }
        }

        int invalid = 0;
        for (int m = 0; m < Mutations; m++)
        {
            byte[] original = originals[random.Next(originals.Count)];
            byte[] chunk = Mutate(random, original);
            try
            {
                int count = ChunkCodec.GetCount(chunk);
                ChunkCodec.Decode(chunk, new long[count], new long[count], new string[count]);
            }
            catch (InvalidDataException e)
            {
                Assert.StartsWith("Chunk", e.Message);
                invalid++;
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {Seed}, mutation {m}: {e.GetType().Name} instead of InvalidDataException for chunk {Convert.ToHexString(chunk)}: {e}");
            }
        }

        // most mutations are detected (truncations always are); the rest decode to other samples
        Assert.True(invalid > Mutations / 4, $"seed {Seed}: only {invalid} of {Mutations} mutations were detected");
    }

    private static byte[] Mutate(Random random, byte[] original)
    {
        byte[] chunk = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
                return chunk.AsSpan(0, random.Next(chunk.Length)).ToArray();
            case 1:
                chunk[random.Next(chunk.Length)] ^= (byte)(1 << random.Next(8));
                return chunk;
            case 2:
                for (int i = random.Next(1, 8); i > 0; i--)
                {
                    chunk[random.Next(chunk.Length)] = (byte)random.Next(256);
                }

                return chunk;
            case 3:
                // random stream after a valid header
                random.NextBytes(chunk.AsSpan(3));
                return chunk;
            default:
                // a count raised towards its maximum
                chunk[1] = (byte)random.Next(256);
                return chunk;
        }
    }
}
