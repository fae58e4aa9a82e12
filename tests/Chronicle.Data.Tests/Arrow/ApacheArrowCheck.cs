using System.Globalization;
using System.Text.Json;

namespace Chronicle.Data.Tests.Arrow;

/// <summary>
/// Runs tools/arrow-check/check.mjs (the npm apache-arrow implementation, an independent reader) on
/// a file Chronicle wrote, and compares what it read with the rows the same query returns through
/// <see cref="ChronicleDataReader"/>. The same approach as tests/Chronicle.Arrow.Tests/CrossCheck.
/// </summary>
internal static class ApacheArrowCheck
{
    public static string RepoRoot => Chronicle.Tests.Shared.ArrowCheckTool.RepoRoot;

    public static string FlightsPath => Path.Combine(RepoRoot, "samples", "data", "flights-200k.arrow");

    /// <summary>Runs the check script (see <see cref="Chronicle.Tests.Shared.ArrowCheckTool"/>).</summary>
    public static JsonElement Run(string path, string? mode = null) => Chronicle.Tests.Shared.ArrowCheckTool.Run(path, mode);

    /// <summary>A query's result read through the data reader: column names, SQL type names, and rows (null for NULL, long nanoseconds for timestamps).</summary>
    public sealed record Expected(string[] Names, string[] Types, List<object?[]> Rows);

    /// <summary>Runs <paramref name="sql"/> through ChronicleDataReader.</summary>
    public static Expected Query(ChronicleConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToArray();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[names.Length];
            for (int c = 0; c < row.Length; c++)
                row[c] = reader.IsDBNull(c) ? null : types[c] == "TIMESTAMP" ? reader.GetFieldValue<long>(c) : reader.GetValue(c);
            rows.Add(row);
        }
        return new Expected(names, types, rows);
    }

    /// <summary>Asserts that apache-arrow's schema is the export mapping of <paramref name="expected"/>'s columns.</summary>
    public static void AssertSchema(Expected expected, JsonElement report)
    {
        var fields = report.GetProperty("schema");
        Assert.Equal(expected.Names.Length, fields.GetArrayLength());
        for (int c = 0; c < expected.Names.Length; c++)
        {
            var f = fields[c];
            Assert.Equal(expected.Names[c], f.GetProperty("name").GetString());
            Assert.True(f.GetProperty("nullable").GetBoolean());
            string type = expected.Types[c];
            Assert.Equal(type switch
            {
                "TIMESTAMP" => "Timestamp",
                "DOUBLE" => "Float64",
                "BIGINT" => "Int64",
                "BOOLEAN" => "Boolean",
                "VARCHAR" or "TAG" => "Utf8",
                _ => "Null",
            }, f.GetProperty("type").GetString());
            if (type == "TIMESTAMP")
            {
                Assert.Equal("NANOSECOND", f.GetProperty("unit").GetString());
                Assert.Equal("UTC", f.GetProperty("timezone").GetString());
            }
            var dictionary = f.GetProperty("dictionary");
            if (type == "TAG") Assert.Equal("Int32", dictionary.GetProperty("indexType").GetString());
            else Assert.Equal(JsonValueKind.Null, dictionary.ValueKind);
        }
    }

    /// <summary>Asserts schema, row count and every value (the report must be in values mode).</summary>
    public static void AssertValues(Expected expected, JsonElement report)
    {
        AssertSchema(expected, report);
        Assert.Equal("values", report.GetProperty("mode").GetString());
        Assert.Equal(expected.Rows.Count, report.GetProperty("numRows").GetInt32());
        var columns = report.GetProperty("columns");
        for (int c = 0; c < expected.Names.Length; c++)
        {
            var values = columns[c].GetProperty("values");
            Assert.Equal(expected.Rows.Count, values.GetArrayLength());
            Assert.Equal(expected.Rows.Count(r => r[c] is null), columns[c].GetProperty("nullCount").GetInt32());
            for (int r = 0; r < expected.Rows.Count; r++)
            {
                var want = expected.Rows[r][c];
                var got = values[r];
                string where = $"column '{expected.Names[c]}' row {r}: apache-arrow read {got}, the reader {want ?? "NULL"}";
                switch (want)
                {
                    case null: Assert.True(got.ValueKind == JsonValueKind.Null, where); break;
                    case long l: Assert.True(got.GetString() == l.ToString(CultureInfo.InvariantCulture), where); break;
                    case double d: Assert.True(got.ValueKind == JsonValueKind.Number ? got.GetDouble().Equals(d) : got.GetString() == (double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"), where); break;
                    case bool b: Assert.True(got.GetBoolean() == b, where); break;
                    case string s: Assert.True(got.GetString() == s, where); break;
                    default: Assert.Fail($"{where}: unexpected CLR type {want.GetType()}"); break;
                }
            }
        }
    }
}
