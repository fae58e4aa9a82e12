using Chronicle.Arrow;

namespace Chronicle.Data.Tests.Arrow;

/// <summary>
/// COPY ... TO / FROM with FORMAT ARROW and ARROW_STREAM, executed by the provider: exported files
/// are read by apache-arrow; imports match fields to columns by name, validate everything before
/// writing, and write nothing when they fail.
/// </summary>
public class ArrowCopyTests
{
    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"chronicle-arrowint-{Guid.NewGuid():N}.arrow");

    private static long Count(ChronicleConnection c, string table) => (long)c.Scalar($"SELECT count(*) FROM {table}")!;

    [Theory]
    [InlineData("ARROW", "file")]
    [InlineData("ARROW_STREAM", "stream")]
    public void COPY_TO_writes_what_the_query_returns(string format, string expectedFormat)
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        ArrowExportTests.InsertCpu(c);
        var path = TempFile();
        try
        {
            const string query = "SELECT time, host, region, usage, count, up, note FROM cpu WHERE time > 0 ORDER BY time";
            Assert.Equal(6, c.Execute($"COPY ({query}) TO '{path}' (FORMAT {format})"));
            var report = ApacheArrowCheck.Run(path, "--values");
            Assert.Equal(expectedFormat, report.GetProperty("format").GetString());
            ApacheArrowCheck.AssertValues(ApacheArrowCheck.Query(c, query), report);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_table_round_trips_through_an_Arrow_file_with_NULLs_and_tags()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        ArrowExportTests.InsertCpu(c);
        c.Execute("CREATE TABLE cpu2 (time TIMESTAMP, host TAG, region TAG, usage DOUBLE, count BIGINT, up BOOLEAN, note VARCHAR)");
        var path = TempFile();
        try
        {
            Assert.Equal(6, c.Execute($"COPY cpu TO '{path}'"));
            ApacheArrowCheck.Run(path); // apache-arrow reads it
            Assert.Equal(6, c.Execute($"COPY cpu2 FROM '{path}' (FORMAT ARROW)"));
            const string columns = "time, host, region, usage, count, up, note";
            var before = ApacheArrowCheck.Query(c, $"SELECT {columns} FROM cpu ORDER BY time");
            var after = ApacheArrowCheck.Query(c, $"SELECT {columns} FROM cpu2 ORDER BY time");
            Assert.Equal(before.Rows.Count, after.Rows.Count);
            for (int r = 0; r < before.Rows.Count; r++) Assert.Equal(before.Rows[r], after.Rows[r]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_flights_file_imports_with_numbered_rows()
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        // flights-200k.arrow: delay Int16, distance Int16, time Float32 (hour of day); no timestamp.
        c.Execute("CREATE TABLE flights (ts TIMESTAMP, delay BIGINT, distance BIGINT, time DOUBLE)");
        var e = Assert.Throws<ChronicleException>(() => c.Execute($"COPY flights FROM '{ApacheArrowCheck.FlightsPath}' (FORMAT ARROW)"));
        Assert.Contains("no field 'ts' for the time column 'ts'", e.Message);
        Assert.Contains("TIME_COLUMN NONE", e.Message);
        Assert.Equal(0, Count(c, "flights"));

        Assert.Equal(200_000, c.Execute($"COPY flights FROM '{ApacheArrowCheck.FlightsPath}' (FORMAT ARROW, TIME_COLUMN NONE)"));
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*), sum(delay), sum(distance), min(ts), max(ts) FROM flights";
        using var reader = cmd.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(200_000L, reader.GetInt64(0));
        Assert.Equal(1_500_159L, reader.GetInt64(1));
        Assert.Equal(145_847_125L, reader.GetInt64(2));
        Assert.Equal(0L, reader.GetFieldValue<long>(3));
        Assert.Equal(199_999L, reader.GetFieldValue<long>(4));
    }

    [Fact]
    public void The_flights_hours_keep_their_values()
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        c.Execute("CREATE TABLE flights (ts TIMESTAMP, delay BIGINT, distance BIGINT, time DOUBLE)");
        var path = ApacheArrowCheck.FlightsPath;
        double expectedHours = 0;
        using (var file = new ArrowFileReader(File.ReadAllBytes(path)))
            foreach (var batch in file.ReadAllBatches())
                for (int i = 0; i < batch.Length; i++) if (!batch.Column("time").IsNull(i)) expectedHours += batch.Column("time").GetDouble(i);
        c.Execute($"COPY flights FROM '{path}' WITH (TIME_COLUMN NONE)");
        Assert.Equal(200_000, Count(c, "flights"));
        Assert.Equal(expectedHours, (double)c.Scalar("SELECT sum(time) FROM flights")!, 1e-6 * Math.Abs(expectedHours));
    }

    /// <summary>Writes an Arrow file with the given columns (one batch).</summary>
    private static string WriteFile(ArrowSchema schema, params ArrowArray[] columns)
    {
        var path = TempFile();
        using var stream = File.Create(path);
        using var writer = new ArrowFileWriter(stream, schema);
        writer.WriteBatch(new ArrowRecordBatch(schema, columns));
        writer.Finish();
        return path;
    }

    [Theory]
    [InlineData(TimeUnit.Second, 1_000_000_000L)]
    [InlineData(TimeUnit.Millisecond, 1_000_000L)]
    [InlineData(TimeUnit.Microsecond, 1_000L)]
    [InlineData(TimeUnit.Nanosecond, 1L)]
    public void Timestamps_of_any_unit_and_int64_nanoseconds_fill_the_time_column(TimeUnit unit, long nanosPerTick)
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        c.Execute("CREATE TABLE t (time TIMESTAMP, host TAG, v DOUBLE, n BIGINT)");
        var schema = new ArrowSchema(
            new ArrowField("Time", ArrowType.Timestamp(unit, null)), // names match ignoring case
            ArrowField.DictionaryUtf8("HOST", 0),
            new ArrowField("v", ArrowType.Float32),
            new ArrowField("n", ArrowType.Int32));
        var path = WriteFile(schema,
            ArrowArray.FromTimestamps([1_700_000_000, 1_700_000_001], unit, null),
            ArrowArray.DictionaryUtf8(["a", null]),
            ArrowArray.FromFloat([1.5f, 2.5f], [true, false]),
            ArrowArray.FromInt32([7, -7]));
        try
        {
            Assert.Equal(2, c.Execute($"COPY t FROM '{path}'"));
            var rows = ApacheArrowCheck.Query(c, "SELECT time, host, v, n FROM t ORDER BY time").Rows;
            Assert.Equal([1_700_000_000 * nanosPerTick, "a", 1.5, 7L], rows[0]);
            Assert.Equal([1_700_000_001 * nanosPerTick, null, null, -7L], rows[1]);
        }
        finally
        {
            File.Delete(path);
        }

        var int64Path = WriteFile(new ArrowSchema(new ArrowField("ns", ArrowType.Int64), new ArrowField("v", ArrowType.Float64)),
            ArrowArray.FromInt64([42, 43]), ArrowArray.FromDouble([1, 2]));
        try
        {
            Assert.Equal(2, c.Execute($"COPY t FROM '{int64Path}' (FORMAT ARROW, TIME_COLUMN 'ns')"));
            Assert.Equal(42L, ApacheArrowCheck.Query(c, "SELECT time FROM t ORDER BY time LIMIT 1").Rows[0][0]);
        }
        finally
        {
            File.Delete(int64Path);
        }
    }

    [Fact]
    public void A_missing_or_mistyped_or_unknown_column_is_a_clear_error_and_nothing_is_written()
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        c.Execute("CREATE TABLE t (time TIMESTAMP, host TAG, usage DOUBLE)");
        var cases = new (ArrowSchema Schema, ArrowArray[] Columns, string Message)[]
        {
            (new(new ArrowField("usage", ArrowType.Float64)), [ArrowArray.FromDouble([1])],
                "the file has no field 'time' for the time column 'time' of table 't'"),
            (new(new ArrowField("time", ArrowType.Int64), new ArrowField("usage", ArrowType.Utf8)), [ArrowArray.FromInt64([1]), ArrowArray.FromStrings(["high"])],
                "the file's field 'usage' is Utf8 but column 'usage' of table 't' is DOUBLE"),
            (new(new ArrowField("time", ArrowType.Float64), new ArrowField("usage", ArrowType.Float64)), [ArrowArray.FromDouble([1]), ArrowArray.FromDouble([1])],
                "the file's field 'time' is Float64; the time column 'time' of table 't' takes Timestamp (any unit) or Int64 nanoseconds"),
            (new(new ArrowField("time", ArrowType.Int64), new ArrowField("usge", ArrowType.Float64)), [ArrowArray.FromInt64([1]), ArrowArray.FromDouble([1])],
                "the file's field 'usge' does not exist in table 't'; did you mean 'usage'?"),
            (new(new ArrowField("time", ArrowType.Int64), new ArrowField("host", ArrowType.Int64), new ArrowField("usage", ArrowType.Float64)),
                [ArrowArray.FromInt64([1]), ArrowArray.FromInt64([1]), ArrowArray.FromDouble([1])],
                "the file's field 'host' is Int64 but column 'host' of table 't' is TAG"),
            (new(new ArrowField("time", ArrowType.Int64), new ArrowField("usage", ArrowType.Float64)), [ArrowArray.FromInt64([1], [false]), ArrowArray.FromDouble([1])],
                "row 0 has no value in 'time'"),
        };
        foreach (var (schema, columns, message) in cases)
        {
            var path = WriteFile(schema, columns);
            try
            {
                var e = Assert.Throws<ChronicleException>(() => c.Execute($"COPY t FROM '{path}' (FORMAT ARROW)"));
                Assert.Contains(message, e.Message);
                Assert.Equal(ChronicleErrorCode.SemanticError, e.Code);
                Assert.Equal(0, Count(c, "t"));
            }
            finally
            {
                File.Delete(path);
            }
        }
        var missing = Assert.Throws<ChronicleException>(() => c.Execute("COPY t FROM '/nonexistent/x.arrow'"));
        Assert.Contains("the file does not exist", missing.Message);
    }

    [Theory]
    [InlineData("ARROW")]
    [InlineData("ARROW_STREAM")]
    public void A_truncated_file_is_refused_and_nothing_is_written(string format)
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        c.Execute("CREATE TABLE t (time TIMESTAMP, host TAG, usage DOUBLE)");
        c.Execute("CREATE TABLE src (time TIMESTAMP, host TAG, usage DOUBLE)");
        using (var bulk = c.BeginBulkInsert("src", "time", "host", "usage"))
        {
            var times = Enumerable.Range(0, 20_000).Select(i => (long)i).ToArray();
            bulk.AppendColumns(times, ["a"], "usage", times.Select(t => (double)t).ToArray());
            bulk.Complete();
        }
        var path = TempFile();
        try
        {
            Assert.Equal(20_000, c.Execute($"COPY src TO '{path}' (FORMAT {format})"));
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length * 3 / 4)]); // several whole batches survive in a stream
            var e = Assert.Throws<ChronicleException>(() => c.Execute($"COPY t FROM '{path}'"));
            Assert.Contains(format == "ARROW" ? "not a readable Arrow IPC file or stream" : "damaged or truncated", e.Message);
            Assert.Equal(0, Count(c, "t"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_import_inside_a_transaction_commits_or_rolls_back_with_it()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        ArrowExportTests.InsertCpu(c);
        c.Execute("CREATE TABLE cpu2 (time TIMESTAMP, host TAG, region TAG, usage DOUBLE, count BIGINT, up BOOLEAN, note VARCHAR)");
        var path = TempFile();
        try
        {
            c.Execute($"COPY cpu TO '{path}'");
            using (var tx = c.BeginTransaction())
            {
                Assert.Equal(6, c.Execute($"COPY cpu2 FROM '{path}'"));
                tx.Rollback();
            }
            Assert.Equal(0, Count(c, "cpu2"));
            using (var tx = c.BeginTransaction())
            {
                c.Execute($"COPY cpu2 FROM '{path}'");
                tx.Commit();
            }
            Assert.Equal(6, Count(c, "cpu2"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void COPY_options_are_checked_when_parsed()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        Assert.Contains("TIME_COLUMN applies only to COPY ... FROM",
            Assert.Throws<ChronicleException>(() => c.Execute("COPY cpu TO '/tmp/x.arrow' (TIME_COLUMN NONE)")).Message);
        Assert.Contains("COPY option FORMAT is given twice",
            Assert.Throws<ChronicleException>(() => c.Execute("COPY cpu FROM '/tmp/x.arrow' (FORMAT ARROW, FORMAT CSV)")).Message);
        Assert.Contains("TIME_COLUMN applies only to FORMAT ARROW",
            Assert.Throws<ChronicleException>(() => c.Execute("COPY cpu FROM '/tmp/x.csv' (FORMAT CSV, TIME_COLUMN NONE)")).Message);
    }
}
