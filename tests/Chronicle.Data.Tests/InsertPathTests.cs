using Xunit.Abstractions;

namespace Chronicle.Data.Tests;

/// <summary>
/// The fast insert paths kept to their documented semantics: the bulk inserter's cached tag-set
/// lookup and NULLs, a wrong type after many good rows, the prepared INSERT's per-session table
/// writer (a failed row in a transaction, rollback, a table dropped and created again), and write
/// order inside a transaction that mixes INSERT and COPY.
/// </summary>
public class InsertPathTests(ITestOutputHelper output)
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly record struct Row(long Time, string? Host, string? Region, double? Usage, long? Count);

    [Fact]
    public void Bulk_rows_with_changing_tags_NULLs_and_new_series_mid_batch_land_in_their_series()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        string?[] hosts = ["h0", "h1", "h2", null];
        string?[] regions = ["eu", null, "us"];
        var rows = new List<Row>();
        for (int i = 0; i < 3000; i++)
        {
            // hosts round-robin with random runs, a series first seen in the middle, NULL tags and fields
            string? host = i >= 1500 && i % 7 == 0 ? "late" : random.Next(4) == 0 ? rows.LastOrDefault().Host : hosts[i % hosts.Length];
            rows.Add(new Row(1_000_000_000L * i, host, regions[random.Next(regions.Length)],
                random.Next(5) == 0 ? null : Math.Round(random.NextDouble() * 100, 3),
                random.Next(5) == 0 ? null : random.Next(1000)));
        }
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using (var bulk = c.BeginBulkInsert("cpu", "usage", "host", "time", "region", "count"))
        {
            foreach (var r in rows)
            {
                bulk.StartRow();
                if (r.Usage is { } u) bulk.Write(u); else bulk.WriteNull();
                if (r.Host is { } h) bulk.Write(h); else bulk.WriteNull();
                bulk.Write(r.Time);
                bulk.Write(r.Region);
                if (r.Count is { } n) bulk.Write(n); else bulk.WriteNull();
            }
            Assert.Equal((ulong)rows.Count(r => r.Usage is not null || r.Count is not null), bulk.Complete());
        }

        var expected = rows.Where(r => r.Usage is not null || r.Count is not null)
            .Select(r => $"{r.Time}|{r.Host}|{r.Region}|{r.Usage}|{r.Count}").Order(StringComparer.Ordinal).ToList();
        var actual = new List<string>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT time, host, region, usage, count FROM cpu";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                actual.Add($"{reader.GetFieldValue<long>(0)}|{Text(reader, 1)}|{Text(reader, 2)}|{(reader.IsDBNull(3) ? "" : reader.GetDouble(3))}|{(reader.IsDBNull(4) ? "" : reader.GetInt64(4))}");
        }
        Assert.Equal(expected, actual.Order(StringComparer.Ordinal).ToList());
    }

    private static string? Text(ChronicleDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    [Fact]
    public void A_bulk_value_of_the_wrong_type_after_many_good_rows_names_the_column_and_loses_none_of_them()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using (var bulk = c.BeginBulkInsert("cpu", "time", "host", "usage"))
        {
            for (int i = 0; i < 5000; i++)
            {
                bulk.StartRow();
                bulk.Write(T0.AddSeconds(i));
                bulk.Write("h" + i % 3);
                bulk.Write((double)i);
            }
            bulk.StartRow();
            bulk.Write(T0.AddSeconds(5000));
            bulk.Write("h0");
            Assert.Contains("usage", Assert.Throws<InvalidCastException>(() => bulk.Write("not a number")).Message);
            bulk.Write(5000.0); // the row goes on with a value of the right type
            Assert.Equal(5001UL, bulk.Complete());
        }
        Assert.Equal(5001L, c.Scalar("SELECT count(usage) FROM cpu"));
        Assert.Equal(5000.0 * 5001 / 2, c.Scalar("SELECT sum(usage) FROM cpu"));

        using (var bulk = c.BeginBulkInsert("cpu", "time", "host", "usage"))
        {
            for (int i = 0; i < 100; i++)
            {
                bulk.StartRow();
                bulk.Write(T0.AddDays(1).AddSeconds(i));
                bulk.Write("h9");
                bulk.Write(1.0);
            }
            bulk.StartRow();
            bulk.Write(T0.AddDays(2));
            Assert.Throws<InvalidCastException>(() => bulk.Write(3.5)); // a TAG takes a string
        } // disposed without Complete: nothing of it is written
        Assert.Equal(0L, c.Scalar("SELECT count(usage) FROM cpu WHERE host = 'h9'"));
    }

    [Fact]
    public void A_prepared_insert_that_fails_in_a_transaction_undoes_only_its_own_rows()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO cpu (time, host, usage) VALUES (@t, @h, @u)";
        var t = cmd.Parameters.AddWithValue("t", T0);
        var h = cmd.Parameters.AddWithValue("h", "");
        var u = cmd.Parameters.AddWithValue("u", 0.0);
        cmd.Prepare();
        for (int i = 0; i < 100; i++)
        {
            (t.Value, h.Value, u.Value) = (T0.AddSeconds(i), i == 50 ? "new-host" : "h" + i % 4, i == 50 ? "fifty" : (object)(double)i);
            if (i == 50)
            {
                var e = Assert.Throws<ChronicleException>(() => cmd.ExecuteNonQuery());
                Assert.Contains("usage", e.Message);
                continue;
            }
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        // A multi-row statement failing in its second row writes none of its rows.
        Assert.Throws<ChronicleException>(() => c.Execute("INSERT INTO cpu (time, host, usage) VALUES ('2024-02-01T00:00:00Z', 'h0', 1), ('2024-02-01T00:00:01Z', 'h0', 'x')"));
        tx.Commit();
        Assert.Equal(99L, c.Scalar("SELECT count(usage) FROM cpu"));
        Assert.Equal(Enumerable.Range(0, 100).Sum() - 50.0, c.Scalar("SELECT sum(usage) FROM cpu"));
        Assert.Equal(0L, c.Scalar("SELECT count(usage) FROM cpu WHERE host = 'new-host'"));
    }

    [Fact]
    public void After_a_rollback_inserts_are_written_at_once_again()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var other = db.Open();
        using (c.BeginTransaction())
        {
            c.Execute("INSERT INTO cpu (time, host, usage) VALUES (@t, 'a', 1)", ("t", T0));
        } // rolled back
        c.Execute("INSERT INTO cpu (time, host, usage) VALUES (@t, 'a', 2)", ("t", T0.AddSeconds(1)));
        Assert.Equal(2.0, other.Scalar("SELECT sum(usage) FROM cpu"));
    }

    [Fact]
    public void A_table_dropped_and_created_again_between_inserts_gets_the_next_rows_in_its_new_columns()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO cpu (time, host, usage) VALUES (@t, @h, @u)";
        cmd.Parameters.AddWithValue("t", T0);
        cmd.Parameters.AddWithValue("h", "a");
        cmd.Parameters.AddWithValue("u", 1.0);
        cmd.ExecuteNonQuery();
        c.Execute("DROP TABLE cpu");
        c.Execute("CREATE TABLE cpu (time TIMESTAMP, usage DOUBLE, host TAG, extra BIGINT)");
        cmd.Parameters["u"].Value = 2.0;
        cmd.ExecuteNonQuery();
        Assert.Equal(1L, c.Scalar("SELECT count(usage) FROM cpu"));
        Assert.Equal(2.0, c.Scalar("SELECT usage FROM cpu WHERE host = 'a'"));
    }

    [Fact]
    public void A_commit_whose_table_was_dropped_fails_and_ends_the_transaction()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var other = db.Open();
        var tx = c.BeginTransaction();
        c.Execute("INSERT INTO cpu (time, host, usage) VALUES (@t, 'a', 1)", ("t", T0));
        other.Execute("DROP TABLE cpu");
        other.Execute("CREATE TABLE cpu (time TIMESTAMP, host TAG, usage DOUBLE)");
        Assert.Contains("dropped", Assert.Throws<ChronicleException>(tx.Commit).Message);
        Assert.Null(c.Transaction);
        c.Execute("INSERT INTO cpu (time, host, usage) VALUES (@t, 'b', 2)", ("t", T0)); // not buffered by a dead transaction
        Assert.Equal(2.0, other.Scalar("SELECT sum(usage) FROM cpu"));
    }

    [Fact]
    public void Inserts_and_a_csv_copy_in_one_transaction_keep_their_write_order()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        var csv = Path.Combine(Path.GetTempPath(), $"chronicle-insert-order-{Guid.NewGuid():N}.csv");
        File.WriteAllText(csv, "time,host,usage\n2024-01-01T00:00:00Z,a,2\n2024-01-01T00:00:01Z,a,20\n");
        try
        {
            using (var tx = c.BeginTransaction())
            {
                c.Execute("INSERT INTO cpu (time, host, usage) VALUES (@t, 'a', 1)", ("t", T0)); // overwritten by the copy
                c.Execute($"COPY cpu FROM '{csv}' (FORMAT CSV)");
                c.Execute("INSERT INTO cpu (time, host, usage) VALUES (@t, 'a', 30)", ("t", T0.AddSeconds(1))); // overwrites the copy
                tx.Commit();
            }
            Assert.Equal(2.0, c.Scalar("SELECT usage FROM cpu WHERE time = @t", ("t", T0)));
            Assert.Equal(30.0, c.Scalar("SELECT usage FROM cpu WHERE time = @t", ("t", T0.AddSeconds(1))));
        }
        finally
        {
            File.Delete(csv);
        }
    }
}
