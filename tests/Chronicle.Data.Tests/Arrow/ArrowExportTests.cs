using System.Text.Json;
using Chronicle.Arrow;

namespace Chronicle.Data.Tests.Arrow;

/// <summary>
/// ChronicleCommand.ExecuteArrowAsync / ExecuteArrowBatchesAsync: every file written here is read by
/// apache-arrow (tools/arrow-check) and must hold exactly what ChronicleDataReader returns for the
/// same query.
/// </summary>
public class ArrowExportTests
{
    internal const long T0 = 1_700_000_000_000_000_000;

    /// <summary>Rows of every type, with absent fields (NULLs), an absent tag and a NaN.</summary>
    internal static void InsertCpu(ChronicleConnection c)
    {
        c.Execute("""
            INSERT INTO cpu (time, host, region, usage, count, up, note) VALUES
              (1700000000000000000, 'web-1', 'eu', 12.5, 7, true, 'ok'),
              (1700000001000000000, 'web-2', 'us', 99.25, -3, false, 'hot ✓'),
              (1700000002000000000, 'web-1', 'eu', NULL, 8, NULL, NULL),
              (1700000003000000000, 'db-1', NULL, 0.5, NULL, true, ''),
              (1700000004000000000, 'web-2', 'us', 1e300, 9223372036854775807, false, 'x')
            """);
        c.Execute("INSERT INTO cpu (time, host, count) VALUES (1700000005000000000, 'web-3', 1)");
    }

    private static string TempFile(string extension = ".arrow") =>
        Path.Combine(Path.GetTempPath(), $"chronicle-arrowint-{Guid.NewGuid():N}{extension}");

    private static async Task<(long Rows, string Path)> ExportAsync(ChronicleConnection c, string sql, ArrowFormat format)
    {
        var path = TempFile();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var file = File.Create(path);
        long rows = await cmd.ExecuteArrowAsync(file, format);
        return (rows, path);
    }

    [Theory]
    [InlineData(ArrowFormat.Stream)]
    [InlineData(ArrowFormat.File)]
    public async Task Every_type_and_NULLs_are_read_by_apache_arrow_as_the_reader_returns_them(ArrowFormat format)
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        InsertCpu(c);
        const string sql = "SELECT time, host, region, usage, count, up, note FROM cpu ORDER BY time";
        var expected = ApacheArrowCheck.Query(c, sql);
        Assert.Equal(6, expected.Rows.Count);
        Assert.Contains(expected.Rows, r => r[3] is null); // an absent field
        Assert.Contains(expected.Rows, r => r[2] is null); // an absent tag
        var (rows, path) = await ExportAsync(c, sql, format);
        try
        {
            Assert.Equal(6, rows);
            var report = ApacheArrowCheck.Run(path, "--values");
            Assert.Equal(format == ArrowFormat.File ? "file" : "stream", report.GetProperty("format").GetString());
            Assert.Equal(["TIMESTAMP", "TAG", "TAG", "DOUBLE", "BIGINT", "BOOLEAN", "VARCHAR"], expected.Types);
            ApacheArrowCheck.AssertValues(expected, report);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Expressions_aggregates_and_NULL_only_columns_export_with_their_types()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        InsertCpu(c);
        const string sql = "SELECT host, count(*) AS n, avg(usage) AS mean, max(time) AS last, NULL AS nothing FROM cpu GROUP BY host ORDER BY host";
        var expected = ApacheArrowCheck.Query(c, sql);
        var (rows, path) = await ExportAsync(c, sql, ArrowFormat.File);
        try
        {
            Assert.Equal(4, rows);
            ApacheArrowCheck.AssertValues(expected, ApacheArrowCheck.Run(path, "--values"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(ArrowFormat.Stream)]
    [InlineData(ArrowFormat.File)]
    public async Task An_empty_result_writes_the_schema_and_no_batch(ArrowFormat format)
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        InsertCpu(c);
        const string sql = "SELECT time, host, usage, note FROM cpu WHERE host = 'nobody'";
        var expected = ApacheArrowCheck.Query(c, sql);
        var (rows, path) = await ExportAsync(c, sql, format);
        try
        {
            Assert.Equal(0, rows);
            var report = ApacheArrowCheck.Run(path, "--values");
            ApacheArrowCheck.AssertValues(expected, report);
            Assert.All(report.GetProperty("batches").EnumerateArray(), b => Assert.Equal(0, b.GetInt32()));
            await using var stream = File.OpenRead(path);
            if (format == ArrowFormat.File) Assert.Equal(0, new ArrowFileReader(stream, leaveOpen: true).RecordBatchCount);
            else Assert.Empty(new ArrowStreamReader(stream, leaveOpen: true).ReadAllBatches());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Inserts <paramref name="perHost"/> samples for each of <paramref name="hosts"/> hosts (usage = i / 4, exact in binary).</summary>
    internal static async Task BulkInsertAsync(ChronicleConnection c, int hosts, int perHost)
    {
        c.Execute("CREATE TABLE m (time TIMESTAMP, host TAG, usage DOUBLE)");
        await using var bulk = c.BeginBulkInsert("m", "time", "host", "usage");
        var times = new long[perHost];
        var values = new double[perHost];
        for (int h = 0; h < hosts; h++)
        {
            for (int i = 0; i < perHost; i++)
            {
                times[i] = T0 + i * 1_000_000_000L;
                values[i] = ((i + h) % 1000) / 4.0;
            }
            bulk.AppendColumns(times, [$"host-{h:D3}"], "usage", values);
        }
        await bulk.CompleteAsync();
    }

    [Fact]
    public async Task A_multi_batch_result_has_several_batches_and_dictionary_deltas_and_every_value()
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        await BulkInsertAsync(c, hosts: 5, perHost: 4_000); // 20,000 rows, more than one 4,096-row batch
        const string sql = "SELECT time, host, usage FROM m";
        var expected = ApacheArrowCheck.Query(c, sql);
        Assert.Equal(20_000, expected.Rows.Count);
        foreach (var format in new[] { ArrowFormat.File, ArrowFormat.Stream })
        {
            var (rows, path) = await ExportAsync(c, sql, format);
            try
            {
                Assert.Equal(20_000, rows);
                var report = ApacheArrowCheck.Run(path, "--values");
                Assert.True(report.GetProperty("batches").GetArrayLength() > 1, "expected several record batches");
                ApacheArrowCheck.AssertValues(expected, report);
                if (format == ArrowFormat.File) continue;

                // In the stream the tag dictionary grows batch by batch (deltas), ending with every host.
                await using var stream = File.OpenRead(path);
                var batches = new ArrowStreamReader(stream).ReadAllBatches().ToList();
                Assert.True(batches.Count > 1);
                var first = batches[0].Column("host").Dictionary!;
                Assert.True(first.Length < 5, $"the first batch's dictionary should not yet hold every host ({first.Length})");
                Assert.Equal(5, batches[^1].Column("host").Dictionary!.Length);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public async Task Tag_columns_keep_their_values_and_NULLs_when_batches_share_a_tag_set_or_mix_several()
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        c.Execute("CREATE TABLE m (time TIMESTAMP, host TAG, region TAG, usage DOUBLE)");
        long[] Times(int n) => Enumerable.Range(0, n).Select(i => T0 + i * 1_000_000_000L).ToArray();
        double[] Values(int n) => Enumerable.Range(0, n).Select(i => i / 8.0).ToArray();
        // host a: 10,000 rows without a region, so whole batches of one tag set (the scan shares their
        // tag arrays and the exporter reuses their indices and validity); then b and c with regions,
        // 3,000 rows each, so batches that mix tag sets and a region that is NULL in part of a batch.
        await using (var bulk = c.BeginBulkInsert("m", "time", "host", "usage"))
        {
            bulk.AppendColumns(Times(10_000), ["a"], "usage", Values(10_000));
            await bulk.CompleteAsync();
        }
        await using (var bulk = c.BeginBulkInsert("m", "time", "host", "region", "usage"))
        {
            bulk.AppendColumns(Times(3_000), ["b", "eu"], "usage", Values(3_000));
            bulk.AppendColumns(Times(3_000), ["c", "us"], "usage", Values(3_000));
            await bulk.CompleteAsync();
        }
        const string sql = "SELECT host, region, time FROM m";
        var expected = new List<(string Host, string? Region, long Time)>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = sql;
            using var reader = cmd.ExecuteReader();
            while (reader.Read()) expected.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2)));
        }
        Assert.Equal(16_000, expected.Count);
        Assert.Equal(10_000, expected.Count(r => r.Region is null));

        using var stream = new MemoryStream();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = sql;
            Assert.Equal(16_000, await cmd.ExecuteArrowAsync(stream, ArrowFormat.Stream));
        }
        stream.Position = 0;
        var actual = new List<(string Host, string? Region, long Time)>();
        var batches = new ArrowStreamReader(stream).ReadAllBatches().ToList();
        Assert.True(batches.Count >= 4, $"expected several batches, got {batches.Count}");
        foreach (var batch in batches)
            for (int i = 0; i < batch.Length; i++)
                actual.Add((batch.Column("host").GetString(i)!, batch.Column("region").GetString(i), batch.Column("time").GetInt64(i)));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task A_million_rows_export_with_the_count_and_sums_apache_arrow_computes()
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        await BulkInsertAsync(c, hosts: 100, perHost: 10_000);
        var (rows, path) = await ExportAsync(c, "SELECT time, host, usage FROM m", ArrowFormat.Stream);
        try
        {
            Assert.Equal(1_000_000, rows);
            var report = ApacheArrowCheck.Run(path, "--sums");
            Assert.Equal(1_000_000, report.GetProperty("numRows").GetInt64());
            var columns = report.GetProperty("columns");
            // time: 100 hosts x sum over i of (T0 + i s); usage: 100 hosts x sum of ((i + h) % 1000) / 4.
            var timeSum = 100 * (new System.Numerics.BigInteger(T0) * 10_000 + new System.Numerics.BigInteger(1_000_000_000L) * (10_000L * 9_999 / 2));
            Assert.Equal(timeSum.ToString(), columns[0].GetProperty("sum").GetString());
            Assert.Equal(1_000_000, columns[0].GetProperty("count").GetInt64());
            double usageSum = 0;
            for (int h = 0; h < 100; h++) for (int i = 0; i < 10_000; i++) usageSum += ((i + h) % 1000) / 4.0;
            Assert.Equal(usageSum, columns[2].GetProperty("sum").GetDouble());
            var hosts = columns[1].GetProperty("valueCounts").EnumerateObject().ToList();
            Assert.Equal(100, hosts.Count);
            Assert.All(hosts, p => Assert.Equal(10_000, p.Value.GetInt64()));
            Assert.Equal((double)c.Scalar("SELECT sum(usage) FROM m")!, columns[2].GetProperty("sum").GetDouble());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ExecuteArrowBatchesAsync_yields_the_rows_with_the_schema_even_when_empty()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        InsertCpu(c);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT time, host, usage, up FROM cpu WHERE host = 'nobody'";
        await using (var empty = cmd.ExecuteArrowBatchesAsync())
        {
            var schema = await empty.GetSchemaAsync();
            Assert.Equal(["time", "host", "usage", "up"], schema.Fields.Select(f => f.Name));
            Assert.True(schema.Fields[1].IsDictionaryEncoded);
            Assert.Equal(ArrowType.Timestamp(TimeUnit.Nanosecond, "UTC"), schema.Fields[0].Type);
            Assert.Empty(await ToListAsync(empty));
        }

        cmd.CommandText = "SELECT time, host, usage, up FROM cpu ORDER BY time";
        var expected = ApacheArrowCheck.Query(c, cmd.CommandText);
        var batches = await ToListAsync(cmd.ExecuteArrowBatchesAsync());
        var got = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(r =>
            b.Columns.Select(col => col.IsNull(r) ? null : col.Type.Id == ArrowTypeId.Timestamp ? col.GetInt64(r) : col.GetValue(r)).ToArray())).ToList();
        Assert.Equal(expected.Rows.Count, got.Count);
        for (int r = 0; r < got.Count; r++) Assert.Equal(expected.Rows[r], got[r]);
        // The connection is free again.
        Assert.Equal(6L, (long)c.Scalar("SELECT count(*) FROM cpu")!);
    }

    [Fact]
    public async Task Enumerated_record_batches_keep_their_values_while_later_batches_are_read()
    {
        // The export and the data reader hand a batch's arrays back to the scan once done with it;
        // record batches given to the caller must never be: keep them all, then check every value.
        using var db = new TempDatabase();
        using var c = db.Open();
        await BulkInsertAsync(c, hosts: 3, perHost: 9_000); // 27,000 rows: full 4,096-row batches, all from pooled arrays
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT time, host, usage FROM m";
        var batches = await ToListAsync(cmd.ExecuteArrowBatchesAsync());
        Assert.True(batches.Count >= 6, $"{batches.Count} batches");

        var rows = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(r =>
            (Time: b.Columns[0].GetInt64(r), Host: (string)b.Columns[1].GetValue(r)!, Usage: (double)b.Columns[2].GetValue(r)!))).ToList();
        Assert.Equal(27_000, rows.Count);
        for (int k = 0; k < rows.Count; k++)
        {
            int h = k / 9_000, i = k % 9_000;
            Assert.Equal((T0 + i * 1_000_000_000L, $"host-{h:D3}", ((i + h) % 1000) / 4.0), rows[k]);
        }
    }

    [Fact]
    public async Task Cancellation_is_honoured_between_batches()
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        await BulkInsertAsync(c, hosts: 4, perHost: 5_000);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT time, host, usage FROM m";
        using var cts = new CancellationTokenSource();
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var batch in cmd.ExecuteArrowBatchesAsync().WithCancellation(cts.Token))
            {
                seen++;
                cts.Cancel();
            }
        });
        Assert.Equal(1, seen);

        // DbCommand.Cancel() stops the export at the next batch with ChronicleErrorCode.Canceled.
        int before = 0;
        var e = await Assert.ThrowsAsync<ChronicleException>(async () =>
        {
            await foreach (var batch in cmd.ExecuteArrowBatchesAsync())
            {
                before++;
                cmd.Cancel();
            }
        });
        Assert.Equal(ChronicleErrorCode.Canceled, e.Code);
        Assert.Equal(1, before);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cmd.ExecuteArrowAsync(Stream.Null, ArrowFormat.Stream, cancelled.Token));
        // The connection is usable afterwards.
        Assert.Equal(20_000L, (long)c.Scalar("SELECT count(*) FROM m")!);
    }

    [Theory]
    [InlineData(ArrowFormat.Stream)]
    [InlineData(ArrowFormat.File)]
    public async Task Sync_and_async_exports_are_byte_identical_and_run_the_statements_around_the_query(ArrowFormat format)
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        InsertCpu(c);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT time, host, region, usage, count, up, note FROM cpu ORDER BY time";
        var sync = new MemoryStream();
        var async = new MemoryStream();
        Assert.Equal(6, cmd.ExecuteArrow(sync, format));
        Assert.Equal(6, await cmd.ExecuteArrowAsync(async, format));
        Assert.Equal(sync.ToArray(), async.ToArray());
        Assert.True(sync.CanWrite, "the destination is left open");

        cmd.CommandText = "INSERT INTO cpu (time, host, usage) VALUES (1, 'pre', 1.0); SELECT host FROM cpu WHERE host = 'pre'; INSERT INTO cpu (time, host, usage) VALUES (2, 'post', 2.0)";
        var rows = new MemoryStream();
        Assert.Equal(1, await cmd.ExecuteArrowAsync(rows, format));
        Assert.Equal(8L, (long)c.Scalar("SELECT count(*) FROM cpu")!);
    }

    [Fact]
    public async Task A_command_without_a_query_is_refused()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO cpu (time, host, usage) VALUES (1, 'a', 1.0)";
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => cmd.ExecuteArrowAsync(Stream.Null));
        Assert.Contains("no rows to export", e.Message);
        Assert.Equal(1L, (long)c.Scalar("SELECT count(*) FROM cpu")!);
    }

    private static async Task<List<ArrowRecordBatch>> ToListAsync(IAsyncEnumerable<ArrowRecordBatch> batches)
    {
        var list = new List<ArrowRecordBatch>();
        await foreach (var b in batches) list.Add(b);
        return list;
    }
}
