using System.Data;
using System.Data.Common;

namespace Chronicle.Data.Tests;

public class DataReaderTests
{
    private static ChronicleDataReader Query(ChronicleConnection c, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteReader();
    }

    private static ChronicleConnection OpenWithRow(TempDatabase db)
    {
        var c = db.OpenWithCpu();
        c.Execute("INSERT INTO cpu (time, host, region, usage, count, up, note) VALUES ('2024-01-01T00:00:00.000000123Z', 'a', NULL, 2.5, 3000000000, true, 'n')");
        return c;
    }

    [Fact]
    public void Schema_describes_each_column()
    {
        using var db = new TempDatabase();
        using var c = OpenWithRow(db);
        using var r = Query(c, "SELECT time, host, usage, count, up, note FROM cpu");
        Assert.Equal(["TIMESTAMP", "TAG", "DOUBLE", "BIGINT", "BOOLEAN", "VARCHAR"], Enumerable.Range(0, 6).Select(r.GetDataTypeName));
        Assert.Equal([typeof(DateTime), typeof(string), typeof(double), typeof(long), typeof(bool), typeof(string)], Enumerable.Range(0, 6).Select(r.GetFieldType));
        var schema = r.GetSchemaTable();
        Assert.Equal(6, schema.Rows.Count);
        Assert.Equal("usage", schema.Rows[2][SchemaTableColumn.ColumnName]);
        Assert.Equal(typeof(double), schema.Rows[2][SchemaTableColumn.DataType]);
        Assert.Equal(true, schema.Rows[1][SchemaTableColumn.IsKey]);
        var columns = r.GetColumnSchema();
        Assert.Equal("TAG", columns[1].DataTypeName);
    }

    [Fact]
    public void Timestamps_read_as_utc_DateTime_DateTimeOffset_or_exact_nanoseconds()
    {
        using var db = new TempDatabase();
        using var c = OpenWithRow(db);
        using var r = Query(c, "SELECT time FROM cpu");
        Assert.True(r.Read());
        var dt = r.GetDateTime(0);
        Assert.Equal(DateTimeKind.Utc, dt.Kind);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1), dt);
        Assert.Equal(TimeSpan.Zero, r.GetDateTimeOffset(0).Offset);
        Assert.Equal(1_704_067_200_000_000_123L, r.GetFieldValue<long>(0));
        Assert.Equal(1_704_067_200_000_000_123L, r.GetInt64(0));
        Assert.IsType<DateTime>(r.GetValue(0));
    }

    [Fact]
    public void Reading_doubles_and_int64s_allocates_nothing_per_value()
    {
        using var db = new TempDatabase();
        using var c = OpenWithRow(db);
        using var r = Query(c, "SELECT time, usage, count FROM cpu");
        Assert.True(r.Read());
        double sum = r.GetDouble(1) + r.GetInt64(0) + r.GetFieldValue<long>(2); // first calls (JIT) outside the measurement
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) sum += r.GetDouble(1) + r.GetInt64(0) + r.GetFieldValue<long>(2) + r.GetFieldValue<double>(1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1000, $"{allocated} bytes for 4,000 reads (a boxed value is 24 bytes)");
        Assert.Equal(1001 * (2.5 + 1_704_067_200_000_000_123 + 3_000_000_000) + 1000 * 2.5, sum, 1e-6 * sum);
    }

    [Fact]
    public void Typed_getters_convert_or_fail_clearly()
    {
        using var db = new TempDatabase();
        using var c = OpenWithRow(db);
        using var r = Query(c, "SELECT usage, count, up, note, region FROM cpu");
        Assert.True(r.Read());
        Assert.Equal(2.5, r.GetFieldValue<double>(0));
        Assert.Equal(2.5f, r.GetFloat(0));
        Assert.Equal(2.5m, r.GetDecimal(0));
        Assert.Equal(3_000_000_000L, r.GetFieldValue<long>(1));
        Assert.Equal(3e9, r.GetFieldValue<double>(1));
        Assert.Contains("does not fit", Assert.Throws<OverflowException>(() => r.GetInt32(1)).Message);
        Assert.True(r.GetBoolean(2));
        Assert.Equal("n", r.GetString(3));
        Assert.True(r.IsDBNull(4));
        Assert.Null(r.GetFieldValue<string?>(4));
        Assert.Null(r.GetFieldValue<double?>(0) is null ? null : (object?)null);
        Assert.Equal(DBNull.Value, r.GetValue(4));
        Assert.Contains("NULL", Assert.Throws<InvalidCastException>(() => r.GetFieldValue<int>(4)).Message);
        Assert.Contains("DOUBLE", Assert.Throws<InvalidCastException>(() => r.GetDateTime(0)).Message);
        Assert.Throws<InvalidCastException>(() => r.GetGuid(3));
        var values = new object[5];
        Assert.Equal(5, r.GetValues(values));
        Assert.Equal(new object[] { 2.5, 3_000_000_000L, true, "n", DBNull.Value }, values);
    }

    [Fact]
    public void GetOrdinal_is_case_insensitive_and_lists_columns_when_missing()
    {
        using var db = new TempDatabase();
        using var c = OpenWithRow(db);
        using var r = Query(c, "SELECT usage AS \"Usage\", host FROM cpu");
        Assert.Equal(0, r.GetOrdinal("usage"));
        Assert.Equal(1, r.GetOrdinal("HOST"));
        var e = Assert.Throws<IndexOutOfRangeException>(() => r.GetOrdinal("nope"));
        Assert.Contains("Usage, host", e.Message);
        Assert.True(r.Read());
        Assert.Equal("a", r["Host"]);
    }

    [Fact]
    public void Reading_without_a_row_or_after_close_is_an_error()
    {
        using var db = new TempDatabase();
        using var c = OpenWithRow(db);
        var r = Query(c, "SELECT usage FROM cpu");
        Assert.Contains("Read()", Assert.Throws<InvalidOperationException>(() => r.GetValue(0)).Message);
        Assert.Throws<IndexOutOfRangeException>(() => r.GetName(3));
        r.Close();
        Assert.True(r.IsClosed);
        Assert.Throws<InvalidOperationException>(() => r.Read());
        r.Close(); // twice is fine
    }

    [Fact]
    public void CloseConnection_behaviour_closes_the_connection()
    {
        using var db = new TempDatabase();
        using var c = OpenWithRow(db);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT usage FROM cpu";
        using (var r = cmd.ExecuteReader(CommandBehavior.CloseConnection)) Assert.True(r.Read());
        Assert.Equal(ConnectionState.Closed, c.State);
    }

    [Fact]
    public void Large_results_stream_in_batches()
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        c.Execute("CREATE TABLE m (time TIMESTAMP, host TAG, v DOUBLE)");
        using (var bulk = c.BeginBulkInsert("m", "time", "host", "v"))
        {
            var ts = Enumerable.Range(0, 30_000).Select(i => 1_000_000_000L * i).ToArray();
            bulk.AppendColumns(ts, ["a"], "v", ts.Select(t => t / 1e9).ToArray());
            bulk.Complete();
        }
        using var r = Query(c, "SELECT time, v FROM m ORDER BY time");
        long n = 0;
        double sum = 0;
        while (r.Read()) { n++; sum += r.GetDouble(1); }
        Assert.Equal(30_000, n);
        Assert.Equal(30_000.0 * 29_999 / 2, sum);
    }
    [Fact]
    public void Typed_getters_of_the_natural_type_do_not_box()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        c.Execute("INSERT INTO cpu (time, host, usage, count, up, note) VALUES (1000, 'a', 1.5, 7, true, 'x'), (2000, 'a', 2.5, 8, false, 'y')");
        using var r = Query(c, "SELECT time, host, usage, count, up, note FROM cpu");
        Assert.True(r.Read());
        long sum = 0;
        double dsum = 0;
        int length = 0;
        for (int i = 0; i < 2; i++) { sum += r.GetInt64(0) + r.GetInt64(3); dsum += r.GetDouble(2); length += r.GetString(1).Length + r.GetString(5).Length; sum += r.GetBoolean(4) ? 1 : 0; }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) { sum += r.GetInt64(0) + r.GetInt64(3); dsum += r.GetDouble(2); length += r.GetString(1).Length + r.GetString(5).Length; sum += r.GetBoolean(4) ? 1 : 0; }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1000, $"6,000 typed reads allocated {allocated} bytes (boxing?)");
        Assert.Equal(1002 * (1000 + 7 + 1), sum);
        Assert.Equal(1002 * 1.5, dsum);
        Assert.Equal(1002 * 2, length);
    }
}
