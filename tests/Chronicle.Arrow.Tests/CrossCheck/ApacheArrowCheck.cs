using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Chronicle.Arrow;

namespace Chronicle.Arrow.Tests.CrossCheck;

/// <summary>
/// Runs tools/arrow-check/check.mjs (the apache-arrow JavaScript implementation) on a file and
/// compares its JSON report with the batches that were written.
/// </summary>
internal static class ApacheArrowCheck
{
    /// <summary>Runs the check script (see <see cref="Chronicle.Tests.Shared.ArrowCheckTool"/>).</summary>
    public static JsonElement Run(string path, string? mode = null) => Chronicle.Tests.Shared.ArrowCheckTool.Run(path, mode);

    /// <summary>Writes <paramref name="bytes"/> to a temporary file, runs the check on it and deletes it.</summary>
    public static JsonElement RunOnBytes(byte[] bytes, string? mode = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"chronicle-arrow-check-{Guid.NewGuid():N}.arrow");
        File.WriteAllBytes(path, bytes);
        try
        {
            return Run(path, mode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string TypeName(ArrowType type) => type.Id switch
    {
        ArrowTypeId.Boolean => "Boolean",
        _ => type.Id.ToString(),
    };

    /// <summary>Asserts the report's schema equals <paramref name="schema"/>.</summary>
    public static void AssertSchema(ArrowSchema schema, JsonElement report)
    {
        var fields = report.GetProperty("schema");
        Assert.Equal(schema.Fields.Count, fields.GetArrayLength());
        for (int i = 0; i < schema.Fields.Count; i++)
        {
            var field = schema.Fields[i];
            var json = fields[i];
            Assert.Equal(field.Name, json.GetProperty("name").GetString());
            Assert.Equal(TypeName(field.Type), json.GetProperty("type").GetString());
            Assert.Equal(field.IsNullable, json.GetProperty("nullable").GetBoolean());
            if (field.Type.Id == ArrowTypeId.Timestamp)
            {
                Assert.Equal(field.Type.Unit.ToString().ToUpperInvariant(), json.GetProperty("unit").GetString());
                Assert.Equal(field.Type.TimeZone, json.GetProperty("timezone").GetString());
            }
            var dictionary = json.GetProperty("dictionary");
            if (field.DictionaryId is { } id)
            {
                Assert.Equal(id, dictionary.GetProperty("id").GetInt64());
                Assert.Equal("Int32", dictionary.GetProperty("indexType").GetString());
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, dictionary.ValueKind);
            }
        }
    }

    /// <summary>Asserts the report (values mode) holds exactly the batches' rows and values.</summary>
    public static void AssertValues(IReadOnlyList<ArrowRecordBatch> batches, ArrowSchema schema, JsonElement report)
    {
        Assert.Equal("values", report.GetProperty("mode").GetString());
        AssertSchema(schema, report);
        Assert.Equal(batches.Select(b => b.Length), report.GetProperty("batches").EnumerateArray().Select(e => e.GetInt32()));
        var columns = report.GetProperty("columns");
        for (int c = 0; c < schema.Fields.Count; c++)
        {
            var json = columns[c];
            var values = json.GetProperty("values");
            Assert.Equal(batches.Sum(b => b.Column(c).NullCount), json.GetProperty("nullCount").GetInt32());
            int row = 0;
            foreach (var batch in batches)
            {
                var column = batch.Column(c);
                for (int i = 0; i < column.Length; i++, row++)
                {
                    var actual = values[row];
                    string where = $"column '{schema.Fields[c].Name}' row {row}";
                    if (column.IsNull(i))
                    {
                        Assert.True(actual.ValueKind == JsonValueKind.Null, $"{where}: apache-arrow read {actual}, expected null");
                        continue;
                    }
                    Assert.True(ValueMatches(column, i, actual), $"{where}: apache-arrow read {actual}, expected {column.GetValue(i)}");
                }
            }
            Assert.Equal(row, values.GetArrayLength());
        }
    }

    private static bool ValueMatches(ArrowArray column, int i, JsonElement actual)
    {
        switch (column.Type.Id)
        {
            case ArrowTypeId.Int64:
            case ArrowTypeId.Timestamp:
                return actual.GetString() == column.GetInt64(i).ToString(CultureInfo.InvariantCulture);
            case ArrowTypeId.UInt64:
                return actual.GetString() == column.GetUInt64(i).ToString(CultureInfo.InvariantCulture);
            case ArrowTypeId.Float32:
            case ArrowTypeId.Float64:
                double expected = column.GetDouble(i);
                if (actual.ValueKind == JsonValueKind.String)
                    return actual.GetString() == (double.IsNaN(expected) ? "NaN" : double.IsPositiveInfinity(expected) ? "Infinity" : "-Infinity");
                return actual.GetDouble().Equals(expected) || (expected == 0 && actual.GetDouble() == 0);
            case ArrowTypeId.Boolean:
                return actual.GetBoolean() == column.GetBoolean(i);
            case ArrowTypeId.Utf8:
                return actual.GetString() == column.GetString(i);
            default:
                return actual.GetInt64() == column.GetInt64(i);
        }
    }

    /// <summary>Asserts the report (sums mode) has the batches' row counts and per-column count, sum, min and max.</summary>
    public static void AssertSums(IReadOnlyList<ArrowRecordBatch> batches, ArrowSchema schema, JsonElement report)
    {
        Assert.Equal("sums", report.GetProperty("mode").GetString());
        AssertSchema(schema, report);
        Assert.Equal(batches.Sum(b => (long)b.Length), report.GetProperty("numRows").GetInt64());
        var columns = report.GetProperty("columns");
        for (int c = 0; c < schema.Fields.Count; c++)
        {
            var json = columns[c];
            var type = schema.Fields[c].Type;
            string name = schema.Fields[c].Name;
            long count = 0;
            BigInteger intSum = 0;
            BigInteger? intMin = null, intMax = null;
            double floatSum = 0;
            var valueCounts = new Dictionary<string, long>();
            foreach (var batch in batches)
            {
                var column = batch.Column(c);
                for (int i = 0; i < column.Length; i++)
                {
                    if (column.IsNull(i)) continue;
                    count++;
                    if (type.IsInteger || type.Id == ArrowTypeId.Timestamp)
                    {
                        BigInteger v = type.Id == ArrowTypeId.UInt64 ? column.GetUInt64(i) : column.GetInt64(i);
                        intSum += v;
                        intMin = intMin is null || v < intMin ? v : intMin;
                        intMax = intMax is null || v > intMax ? v : intMax;
                    }
                    else if (type.IsFloatingPoint) floatSum += column.GetDouble(i);
                    else if (type.Id == ArrowTypeId.Utf8 && column.IsDictionaryEncoded)
                    {
                        string s = column.GetString(i)!;
                        valueCounts[s] = valueCounts.GetValueOrDefault(s) + 1;
                    }
                }
            }
            Assert.True(count == json.GetProperty("count").GetInt64(), $"column '{name}': count");
            if (type.IsInteger || type.Id == ArrowTypeId.Timestamp)
            {
                Assert.True(intSum.ToString() == json.GetProperty("sum").GetString(), $"column '{name}': sum {json.GetProperty("sum")} vs {intSum}");
                Assert.Equal(intMin?.ToString(), json.GetProperty("min").GetString());
                Assert.Equal(intMax?.ToString(), json.GetProperty("max").GetString());
            }
            else if (type.IsFloatingPoint)
            {
                Assert.True(floatSum == json.GetProperty("sum").GetDouble(), $"column '{name}': sum {json.GetProperty("sum")} vs {floatSum:R}");
            }
            if (schema.Fields[c].IsDictionaryEncoded)
            {
                var reported = json.GetProperty("valueCounts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
                Assert.Equal(valueCounts.OrderBy(p => p.Key, StringComparer.Ordinal), reported.OrderBy(p => p.Key, StringComparer.Ordinal));
            }
        }
    }
}
