using System.Data.Common;
using Chronicle.Tsbs.Queries;

namespace Chronicle.Tsbs.Engines;

/// <summary>Reads an ADO.NET result in a query's <see cref="ResultShape"/> into a <see cref="QueryResult"/>.</summary>
public static class QueryResultReader
{
    /// <summary>
    /// Reads every row of <paramref name="reader"/>: the first <see cref="ResultShape.KeyCount"/>
    /// columns as strings, then the time column through <paramref name="readTimeNs"/>, then the values
    /// as doubles (NULL as NaN).
    /// </summary>
    /// <exception cref="InvalidOperationException">The reader's column count does not match the shape.</exception>
    public static async Task<QueryResult> ReadAsync(DbDataReader reader, ResultShape shape, Func<DbDataReader, int, long> readTimeNs, CancellationToken cancellationToken)
    {
        if (reader.FieldCount != shape.ColumnCount)
        {
            throw new InvalidOperationException($"Query returned {reader.FieldCount} columns; the shape needs {shape.ColumnCount}.");
        }

        var rows = new List<ResultRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var keys = new string[shape.KeyCount];
            for (var k = 0; k < keys.Length; k++)
            {
                keys[k] = reader.GetString(k);
            }

            var time = readTimeNs(reader, shape.KeyCount);
            var values = new double[shape.ValueCount];
            for (var v = 0; v < values.Length; v++)
            {
                var ordinal = shape.KeyCount + 1 + v;
                values[v] = reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);
            }

            rows.Add(new ResultRow(keys, time, values));
        }

        return new QueryResult(rows);
    }

    /// <summary>Nanoseconds since the Unix epoch of a UTC <see cref="DateTime"/> (100 ns ticks).</summary>
    public static long ToNs(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
