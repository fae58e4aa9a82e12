using Chronicle.Storage.Wal;
using Chronicle.Storage.Writing;
using Xunit.Abstractions;

namespace Chronicle.Storage.Tests.Wal;

public class WalCodecTests(ITestOutputHelper output)
{
    private static SampleBatch RandomBatch(Random rng, int runs)
    {
        var batch = new SampleBatch();
        for (int r = 0; r < runs; r++)
        {
            long id = rng.Next(1, 1_000_000);
            long t = rng.NextInt64(long.MinValue / 2, long.MaxValue / 2);
            int n = rng.Next(1, 50);
            var type = (FieldType)rng.Next(1, 5);
            for (int i = 0; i < n; i++)
            {
                t += rng.Next(0, 3) == 0 ? rng.NextInt64() : rng.Next(-5, 1_000_000_000);
                switch (type)
                {
                    case FieldType.Double: batch.Append(id, t, rng.NextDouble() * 1e6 - 5e5); break;
                    case FieldType.BigInt: batch.Append(id, t, rng.NextInt64(long.MinValue, long.MaxValue)); break;
                    case FieldType.Boolean: batch.Append(id, t, rng.Next(2) == 1); break;
                    default: batch.Append(id, t, new string((char)rng.Next(32, 0x7FF), rng.Next(0, 8)) + "é€𝄞"); break;
                }
            }
        }
        batch.Append(7, long.MinValue, 1L);
        batch.Append(7, long.MaxValue, -1L);
        return batch;
    }

    private static void AssertSame(SampleBatch expected, SampleBatch actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Runs, actual.Runs);
        Assert.Equal(expected.Timestamps.ToArray(), actual.Timestamps.ToArray());
        for (int r = 0; r < expected.Runs.Count; r++)
        {
            var run = expected.Runs[r];
            for (int i = run.Start; i < run.Start + run.Count; i++)
            {
                if (run.Type == FieldType.VarChar) Assert.Equal(expected.Strings[(int)expected.Values[i]], actual.Strings[(int)actual.Values[i]]);
                else Assert.Equal(expected.Values[i], actual.Values[i]);
            }
        }
    }

    [Fact]
    public void Samples_round_trip_for_every_type_and_extreme_timestamps()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        for (int k = 0; k < 20; k++)
        {
            var batch = RandomBatch(rng, rng.Next(1, 20));
            AssertSame(batch, WalCodec.DecodeSamples(WalCodec.EncodeSamples(batch)));
        }
    }

    [Fact]
    public void An_empty_batch_round_trips()
    {
        var decoded = WalCodec.DecodeSamples(WalCodec.EncodeSamples(new SampleBatch()));
        Assert.Equal(0, decoded.Count);
    }

    [Fact]
    public void Every_truncation_or_bad_format_is_an_InvalidDataException()
    {
        var batch = RandomBatch(new Random(42), 5);
        byte[] payload = WalCodec.EncodeSamples(batch);
        for (int n = 0; n < payload.Length; n++)
            Assert.Throws<InvalidDataException>(() => WalCodec.DecodeSamples(payload.AsSpan(0, n)));
        var bad = (byte[])payload.Clone();
        bad[0] = 9;
        Assert.Contains("format 9", Assert.Throws<InvalidDataException>(() => WalCodec.DecodeSamples(bad)).Message);
        Assert.Throws<InvalidDataException>(() => WalCodec.DecodeSamples([.. payload, 0]));
    }

    [Fact]
    public void Regular_series_encode_compactly()
    {
        // 1 M samples: one series per 1,000, 10 s apart, integer gauge values. Prints the encode time (no timed assertion).
        var batch = new SampleBatch();
        var ts = new long[1000];
        var vs = new long[1000];
        for (int s = 0; s < 1000; s++)
        {
            for (int i = 0; i < 1000; i++) { ts[i] = 1_700_000_000_000_000_000 + i * 10_000_000_000L; vs[i] = 100 + (i % 7); }
            batch.AppendRange(s + 1, ts, vs);
        }
        var sw = System.Diagnostics.Stopwatch.StartNew();
        byte[] payload = WalCodec.EncodeSamples(batch);
        sw.Stop();
        output.WriteLine($"encoded {batch.Count} samples into {payload.Length} bytes in {sw.Elapsed.TotalMilliseconds:F1} ms");
        Assert.True(payload.Length < batch.Count * 8, $"{payload.Length} bytes for {batch.Count} samples");
        AssertSame(batch, WalCodec.DecodeSamples(payload));
    }

    [Fact]
    public void Series_round_trip()
    {
        var entries = new List<WalSeriesEntry>
        {
            new(1, FieldType.Double, "cpu,host=a usage"),
            new(long.MaxValue, FieldType.VarChar, "logs,app=ü message"),
            new(3, FieldType.Boolean, ""),
        };
        Assert.Equal(entries, WalCodec.DecodeSeries(WalCodec.EncodeSeries(entries)));
        Assert.Equal([entries[0]], WalCodec.DecodeSeries(WalCodec.EncodeSeries(entries[0])));
        var bad = WalCodec.EncodeSeries(entries[0]);
        bad[3] = 0;   // field type 0
        Assert.Throws<InvalidDataException>(() => WalCodec.DecodeSeries(bad));
    }

    [Fact]
    public void Delete_round_trips_and_rejects_an_inverted_range()
    {
        var d = new WalDelete([5, 9, 1_000_000_000_000], long.MinValue, 42);
        var back = WalCodec.DecodeDelete(WalCodec.EncodeDelete(d));
        Assert.Equal(d.SeriesIds, back.SeriesIds);
        Assert.Equal((d.MinTime, d.MaxTime), (back.MinTime, back.MaxTime));
        Assert.Throws<ArgumentException>(() => WalCodec.EncodeDelete(new WalDelete([1], 10, 9)));
    }
}
