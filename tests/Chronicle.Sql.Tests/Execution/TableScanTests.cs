using Chronicle.Sql.Execution;
using Chronicle.Sql.Execution.Operators;
using Chronicle.Sql.Planning;
using Chronicle.Storage;
using Chronicle.Storage.Catalog;
using Xunit.Abstractions;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>
/// The table scan's run copies (one field per tag set, fields sharing timestamps) against a model
/// of the table: every batch size (runs cut by batch boundaries), fields with partly different
/// timestamps (NULLs), out-of-order writes and overwrites spread over the head and segments, and
/// deleted ranges (tombstones).
/// </summary>
public class TableScanTests(ITestOutputHelper output)
{
    private const long T0 = 1_700_000_000_000_000_000, S = 1_000_000_000;
    private static readonly string[] Fields = ["a", "b", "c", "d"];
    private static readonly int[] BatchSizes = [1, 2, 7, 119, 120, 121, 500, Operator.BatchSize];

    /// <summary>The table: host -> time -> the four field values (null = no sample).</summary>
    private sealed class Model
    {
        public readonly SortedDictionary<string, SortedDictionary<long, object?[]>> Hosts = new(StringComparer.Ordinal);

        public void Set(string host, long time, int field, object value)
        {
            if (!Hosts.TryGetValue(host, out var rows)) Hosts[host] = rows = [];
            if (!rows.TryGetValue(time, out var row)) rows[time] = row = new object?[Fields.Length];
            row[field] = value;
        }

        public void Delete(string host, long from, long to)
        {
            if (!Hosts.TryGetValue(host, out var rows)) return;
            foreach (var t in rows.Keys.Where(t => t >= from && t <= to).ToList()) rows.Remove(t);
        }

        /// <summary>Rows (time, host, a, b, c, d) ordered by host then time, restricted to <paramref name="read"/> fields (others NULL); rows without any read field are absent.</summary>
        public List<object?[]> Rows(bool[] read) =>
            Hosts.SelectMany(h => h.Value
                    .Where(r => Enumerable.Range(0, Fields.Length).Any(f => read[f] && r.Value[f] is not null))
                    .Select(r => new object?[] { r.Key, h.Key }.Concat(r.Value.Select((v, f) => read[f] ? v : null)).ToArray()))
                .ToList();
    }

    private static SqlFixture NewTable(string fields = "a DOUBLE, b BIGINT, c VARCHAR, d BOOLEAN")
    {
        var f = new SqlFixture();
        f.Exec($"CREATE TABLE t (time TIMESTAMP, host TAG, {fields})");
        return f;
    }

    private static TableSchema Schema(int fieldCount) => new("t",
        new ColumnSchema[] { new("time", ColumnRole.Time, FieldType.Double), new("host", ColumnRole.Tag, FieldType.VarChar) }
            .Concat(new[] { FieldType.Double, FieldType.BigInt, FieldType.VarChar, FieldType.Boolean }.Take(fieldCount)
                .Select((type, i) => new ColumnSchema(Fields[i], ColumnRole.Field, type)))
            .ToArray());

    /// <summary>
    /// Runs the scan operator directly with <paramref name="batchSize"/> over the fields in
    /// <paramref name="read"/>; returns its rows and checks every batch's shape. With
    /// <paramref name="release"/>, every odd batch is read at once and then released (its arrays go
    /// back to the scan's pool for later batches), while every even batch is kept unreleased and read
    /// only after the scan ends: a later batch built over arrays still in use would change it.
    /// </summary>
    private static List<object?[]> Scan(SqlFixture f, int fieldCount, bool[] read, int batchSize, bool release = false)
    {
        var scope = new ScanScope(Schema(fieldCount), null, null);
        using var view = f.Engine.OpenReadView();
        var names = Enumerable.Range(0, fieldCount).Where(i => read[i]).Select(i => Fields[i]).ToArray();
        var sets = view.MatchSeries("t", [], names)
            .Select(view.GetSeries)
            .GroupBy(s => s.Key.Tags.Canonical, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TagSetSeries(g.First().Key.Tags,
                g.Select(s => (Column: scope.IndexOf(s.Key.Field), SeriesId: s.Id, s.Type)).OrderBy(x => x.Column).ToArray()))
            .ToList();
        using var scan = new TableScanOperator(view, scope, sets, long.MinValue, long.MaxValue, batchSize);
        var parts = new List<Func<List<object?[]>>>();
        int batches = 0;
        while (scan.Next(CancellationToken.None) is { } batch)
        {
            batches++;
            Assert.InRange(batch.RowCount, 1, batchSize);
            Assert.Equal(2 + fieldCount, batch.Columns.Count);
            Assert.All(batch.Columns, c => Assert.Equal(batch.RowCount, c.Length));
            if (release && batches % 2 == 1)
            {
                var now = RowsOf(batch);
                batch.Lease?.Release();
                parts.Add(() => now);
            }
            else
            {
                parts.Add(() => RowsOf(batch));
            }
        }
        var rows = parts.SelectMany(p => p()).ToList();
        Assert.Equal((rows.Count + batchSize - 1) / batchSize, batches); // only the last batch is short
        return rows;
    }

    private static List<object?[]> RowsOf(ColumnBatch batch)
    {
        var rows = new List<object?[]>();
        for (int r = 0; r < batch.RowCount; r++)
            rows.Add(Enumerable.Range(0, 2 + Fields.Length).Select(c => c < batch.Columns.Count ? batch.Columns[c].GetValue(r) : null).ToArray());
        return rows;
    }

    private static void AssertRows(List<object?[]> expected, List<object?[]> actual, string context)
    {
        Assert.True(expected.Count == actual.Count, $"{context}: {actual.Count} rows, expected {expected.Count}");
        for (int i = 0; i < expected.Count; i++)
            Assert.True(expected[i].SequenceEqual(actual[i]),
                $"{context}: row {i} is [{string.Join(", ", actual[i])}], expected [{string.Join(", ", expected[i])}]");
    }

    private static string Literal(int field, object value) => field switch
    {
        0 => ((double)value).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        1 => ((long)value).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => $"'{value}'",
        _ => (bool)value ? "true" : "false",
    };

    private static object Value(Random rng, int field) => field switch
    {
        0 => Math.Round(rng.NextDouble() * 100, 3),
        1 => (long)rng.Next(-1000, 1000),
        2 => "s" + rng.Next(50),
        _ => rng.Next(2) == 0,
    };

    /// <summary>Inserts rows of <paramref name="hosts"/> at times <paramref name="times"/>, each with the fields in <paramref name="fields"/>, one INSERT per host.</summary>
    private static void Insert(SqlFixture f, Model model, Random rng, IEnumerable<string> hosts, IReadOnlyList<long> times, int[] fields)
    {
        foreach (var host in hosts)
        {
            var values = new List<string>();
            foreach (var t in times)
            {
                var row = fields.Select(i => Value(rng, i)).ToArray();
                for (int k = 0; k < fields.Length; k++) model.Set(host, t, fields[k], row[k]);
                values.Add($"({t}, '{host}', {string.Join(", ", fields.Select((i, k) => Literal(i, row[k])))})");
            }
            f.Exec($"INSERT INTO t (time, host, {string.Join(", ", fields.Select(i => Fields[i]))}) VALUES {string.Join(", ", values)}");
        }
    }

    private void CheckAllBatchSizes(SqlFixture f, Model model, int fieldCount, string context)
    {
        var reads = new List<bool[]> { Enumerable.Range(0, Fields.Length).Select(i => i < fieldCount).ToArray() };
        if (fieldCount > 1) reads.Add([true, false, false, false]);
        if (fieldCount > 2) reads.Add([false, true, true, false]);
        foreach (var read in reads)
        {
            var expected = model.Rows(read);
            foreach (int size in BatchSizes)
            {
                AssertRows(expected, Scan(f, fieldCount, read, size), $"{context}, fields [{string.Join(",", read)}], batch {size}");
                AssertRows(expected, Scan(f, fieldCount, read, size, release: true), $"{context}, fields [{string.Join(",", read)}], batch {size}, odd batches released");
            }
        }
    }

    /// <summary>Flushes the head to segments (the tests themselves are synchronous).</summary>
    private static void Flush(Chronicle.Storage.StorageEngine engine) => engine.FlushAsync().GetAwaiter().GetResult();

    [Fact]
    public void One_field_per_tag_set_is_copied_in_runs_across_blocks_and_batches()
    {
        using var f = NewTable("a DOUBLE");
        var model = new Model();
        var rng = new Random(1);
        // 3 hosts x 700 samples: several 120-sample chunks per host, flushed, plus a head part.
        Insert(f, model, rng, ["h0", "h1", "h2"], Enumerable.Range(0, 500).Select(i => T0 + i * S).ToArray(), [0]);
        Flush(f.Engine);
        Insert(f, model, rng, ["h0", "h1", "h2"], Enumerable.Range(500, 200).Select(i => T0 + i * S).ToArray(), [0]);
        CheckAllBatchSizes(f, model, 1, "one field");
    }

    [Fact]
    public void A_tag_set_of_one_field_has_no_null_mask_and_full_batches_share_the_tag_column()
    {
        using var f = NewTable("a DOUBLE, b BIGINT");
        var model = new Model();
        Insert(f, model, new Random(2), ["h0"], Enumerable.Range(0, 300).Select(i => T0 + i * S).ToArray(), [0]);
        var scope = new ScanScope(Schema(2), null, null);
        using var view = f.Engine.OpenReadView();
        var id = Assert.Single(view.MatchSeries("t", [], ["a"]));
        var info = view.GetSeries(id);
        using var scan = new TableScanOperator(view, scope, [new TagSetSeries(info.Key.Tags, [(2, id, FieldType.Double)])], long.MinValue, long.MaxValue, 100);
        var batches = new List<ColumnBatch>();
        while (scan.Next(CancellationToken.None) is { } batch) batches.Add(batch);
        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.Null(b.Columns[2].Nulls));
        Assert.All(batches, b => Assert.All(b.Columns[1].Strings!, s => Assert.Equal("h0", s)));
        Assert.Same(batches[0].Columns[1].Strings, batches[1].Columns[1].Strings);
        Assert.All(batches, b => Assert.True(Enumerable.Range(0, b.RowCount).All(b.Columns[3].IsNull))); // b is not read
    }

    [Fact]
    public void Fields_written_at_the_same_timestamps_align_into_full_rows()
    {
        using var f = NewTable();
        var model = new Model();
        var rng = new Random(3);
        Insert(f, model, rng, ["h0", "h1"], Enumerable.Range(0, 400).Select(i => T0 + i * S).ToArray(), [0, 1, 2, 3]);
        Flush(f.Engine);
        Insert(f, model, rng, ["h0", "h1"], Enumerable.Range(400, 50).Select(i => T0 + i * S).ToArray(), [0, 1, 2, 3]);
        Assert.DoesNotContain(model.Rows([true, true, true, true]), r => r.Contains(null));
        CheckAllBatchSizes(f, model, 4, "same timestamps");
    }

    [Fact]
    public void Fields_with_partly_different_timestamps_give_NULLs_where_a_field_has_no_sample()
    {
        using var f = NewTable();
        var model = new Model();
        var rng = new Random(4);
        var all = Enumerable.Range(0, 300).Select(i => T0 + i * S).ToArray();
        Insert(f, model, rng, ["h0", "h1"], all, [0, 1]);                                        // a, b everywhere
        Insert(f, model, rng, ["h0"], all.Where((_, i) => i % 3 == 0).ToArray(), [2]);           // c every third row
        Insert(f, model, rng, ["h1"], all.Where((_, i) => i is > 100 and < 160).ToArray(), [3]); // d in the middle only
        Insert(f, model, rng, ["h1"], Enumerable.Range(0, 40).Select(i => T0 + i * S + S / 2).ToArray(), [1]); // b between rows
        Insert(f, model, rng, ["h2"], all.Skip(250).ToArray(), [3]);                             // a tag set with only d
        Flush(f.Engine);
        Insert(f, model, rng, ["h0"], Enumerable.Range(300, 30).Select(i => T0 + i * S).ToArray(), [0]); // a only, in the head
        Assert.Contains(model.Rows([true, true, true, true]), r => r.Contains(null));
        CheckAllBatchSizes(f, model, 4, "partly different timestamps");
    }

    [Fact]
    public void Randomized_writes_out_of_order_overwrites_flushes_and_deletes_match_the_model()
    {
        for (int round = 0; round < 4; round++)
        {
            int seed = Environment.TickCount ^ (round * 7919);
            output.WriteLine($"seed {seed}");
            var rng = new Random(seed);
            using var f = NewTable();
            var model = new Model();
            string[] hosts = ["h0", "h1", "h2"];
            for (int step = 0; step < 12; step++)
            {
                int start = rng.Next(0, 600), count = rng.Next(1, 200);
                var times = Enumerable.Range(start, count).Where(_ => rng.Next(10) > 0).Select(i => T0 + i * S).ToArray();
                if (times.Length == 0) continue;
                int[] fields = rng.Next(3) == 0
                    ? Enumerable.Range(0, 4).Where(_ => rng.Next(2) == 0).DefaultIfEmpty(0).ToArray() // some fields only
                    : [0, 1, 2, 3];                                                                // whole rows
                Insert(f, model, rng, hosts.Where(_ => rng.Next(3) > 0).DefaultIfEmpty("h0"), times, fields);
                switch (rng.Next(4))
                {
                    case 0:
                        Flush(f.Engine);
                        break;
                    case 1:
                    {
                        string host = hosts[rng.Next(hosts.Length)];
                        long from = T0 + rng.Next(0, 600) * S, to = from + rng.Next(0, 80) * S;
                        f.Exec($"DELETE FROM t WHERE host = '{host}' AND time >= {from} AND time <= {to}");
                        model.Delete(host, from, to);
                        break;
                    }
                }
            }
            CheckAllBatchSizes(f, model, 4, $"seed {seed}");
            // The SQL path (default batch size, planner's tag sets) agrees too.
            AssertRows(model.Rows([true, true, true, true]), f.Rows("SELECT time, host, a, b, c, d FROM t"), $"seed {seed}, SQL");
        }
    }
}
