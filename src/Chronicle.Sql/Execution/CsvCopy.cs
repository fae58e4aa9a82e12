using System.Globalization;
using System.Text;
using Chronicle.Sql.Planning;
using Chronicle.Sql.Syntax;
using Chronicle.Storage.Catalog;
using Chronicle.Storage.Writing;

using ColumnRole = Chronicle.Storage.Catalog.ColumnRole;

namespace Chronicle.Sql.Execution;

/// <summary>
/// <c>COPY t FROM 'file.csv' (FORMAT CSV)</c> and <c>COPY ... TO 'file.csv' (FORMAT CSV)</c>. The CSV
/// has a header line of column names (RFC 4180 quoting); time is ISO-8601 (UTC without an offset)
/// or integer nanoseconds; an empty cell is absent (NULL). Rows are written in batches of 10,000
/// (inside a transaction they join the transaction's batch).
/// </summary>
internal static class CsvCopy
{
    private const int RowsPerWrite = 10_000;

    /// <summary>Imports a CSV file; returns the rows imported.</summary>
    public static async ValueTask<int> ImportAsync(SqlSession session, TableSchema table, string path, SourcePosition position, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw SqlErrors.At(position, $"file '{path}' does not exist");
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw SqlErrors.At(position, $"file '{path}' is empty (a header line is required)");
        var names = Split(header);
        var columns = new ColumnSchema[names.Count];
        for (int i = 0; i < names.Count; i++)
            columns[i] = table.FindColumn(names[i].Trim())
                ?? throw SqlErrors.At(position, $"{path}: header column '{names[i]}' does not exist in table '{table.Name}'{SqlErrors.Suggest(names[i], table.Columns.Select(c => c.Name))}");
        if (!columns.Any(c => c.Role == ColumnRole.Time)) throw SqlErrors.At(position, $"{path}: the header has no '{table.TimeColumn.Name}' column");
        var writer = new TableWriter(session.Database.Storage, table.Name);
        int rows = 0, lineNumber = 1;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = Split(line);
            if (cells.Count != columns.Length) throw SqlErrors.At(position, $"{path}, line {lineNumber}: {cells.Count} values for {columns.Length} columns");
            long time = 0;
            for (int i = 0; i < cells.Count; i++)
            {
                if (columns[i].Role != ColumnRole.Time) continue;
                var text = cells[i].Trim();
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out time) && !TimeValues.TryParse(text, out time))
                    throw SqlErrors.At(position, $"{path}, line {lineNumber}: '{text}' is neither an ISO-8601 timestamp nor integer nanoseconds");
            }
            writer.BeginRow(time);
            for (int i = 0; i < cells.Count; i++)
            {
                var c = columns[i];
                var text = cells[i];
                if (c.Role == ColumnRole.Time || text.Length == 0) continue;
                if (c.Role == ColumnRole.Tag) { writer.SetTag(IndexOf(table.Tags, c), text); continue; }
                var type = ScanScope.ColumnType(c);
                if (!ValueConverter.TryConvert(text, ResultType.VarChar, type, out var value, out var error))
                    throw SqlErrors.At(position, $"{path}, line {lineNumber}, column '{c.Name}' ({SqlErrors.TypeName(type)}): {error}");
                int f = IndexOf(table.Fields, c);
                switch (value)
                {
                    case double d: writer.SetFieldBits(f, BitConverter.DoubleToInt64Bits(d)); break;
                    case long l: writer.SetFieldBits(f, l); break;
                    case bool b: writer.SetFieldBits(f, b ? 1 : 0); break;
                    default: writer.SetField(f, value); break;
                }
            }
            writer.EndRow();
            rows++;
            if (writer.PendingRows >= RowsPerWrite) await FlushAsync(session, writer, cancellationToken).ConfigureAwait(false);
        }
        await FlushAsync(session, writer, cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static ValueTask FlushAsync(SqlSession session, TableWriter writer, CancellationToken cancellationToken) =>
        session.WritePendingAsync(writer, cancellationToken);

    private static int IndexOf(IReadOnlyList<ColumnSchema> list, ColumnSchema c)
    {
        for (int i = 0; i < list.Count; i++) if (list[i].Name == c.Name) return i;
        return -1;
    }

    /// <summary>Splits one CSV line (RFC 4180: double quotes around cells, <c>""</c> for a quote).</summary>
    internal static List<string> Split(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else sb.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(ch);
        }
        cells.Add(sb.ToString());
        return cells;
    }

    /// <summary>Writes a query's rows to a CSV file with a header; returns the rows written.</summary>
    public static int Export(QueryResult result, string path, CancellationToken cancellationToken)
    {
        using (result)
        {
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
            writer.WriteLine(string.Join(",", result.Columns.Select(c => Quote(c.Name))));
            int rows = 0;
            while (result.ReadBatch(cancellationToken) is { } batch)
            {
                for (int r = 0; r < batch.RowCount; r++)
                {
                    for (int c = 0; c < batch.Columns.Count; c++)
                    {
                        if (c > 0) writer.Write(',');
                        var v = batch.Columns[c].GetValue(r);
                        if (v is null) continue;
                        writer.Write(Quote(batch.Columns[c].Type == ResultType.Timestamp ? TimeValues.Format((long)v) : ValueConverter.ToText(v)));
                    }
                    writer.WriteLine();
                    rows++;
                }
            }
            return rows;
        }
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
