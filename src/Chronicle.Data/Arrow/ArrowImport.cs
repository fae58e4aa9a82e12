using Chronicle.Arrow;
using Chronicle.Sql.Execution;
using Chronicle.Sql.Syntax;
using Chronicle.Storage;
using Chronicle.Storage.Catalog;
using ColumnRole = Chronicle.Storage.Catalog.ColumnRole;
using Chronicle.Storage.Writing;

namespace Chronicle.Data.Arrow;

/// <summary>
/// <c>COPY t FROM 'path' (FORMAT ARROW [, TIME_COLUMN ...])</c>: imports an Arrow IPC file or
/// stream in two passes. The first matches the schema to the table (<see cref="ArrowImportPlan"/>)
/// and reads every batch, checking what could fail (damaged or truncated input, NULL or
/// out-of-range times, UInt64 values too large for BIGINT); the second writes the rows through a
/// <see cref="TableWriter"/> in chunks of <see cref="RowsPerWrite"/> rows (into the open
/// transaction, if any). So an import that fails writes nothing, at the cost of reading the file twice.
/// </summary>
internal static class ArrowImport
{
    /// <summary>Rows buffered before each write to the engine.</summary>
    internal const int RowsPerWrite = 65_536;

    /// <summary>Imports the file of <paramref name="statement"/> into <paramref name="table"/>; returns the rows read from the file.</summary>
    /// <exception cref="Chronicle.Sql.ChronicleSqlException">The file is missing, unreadable or does not fit the table (nothing is written).</exception>
    public static async ValueTask<int> ImportAsync(SqlSession session, TableSchema table, CopyFromStatement statement, CancellationToken cancellationToken)
    {
        if (!File.Exists(statement.Path)) throw ArrowImportPlan.Error(statement, "the file does not exist");
        ArrowImportPlan plan;
        long rows = 0;
        await using (var input = await Open(statement, cancellationToken).ConfigureAwait(false))
        {
            plan = ArrowImportPlan.Build(input.Schema, table, statement);
            while (await Next(input, statement, cancellationToken).ConfigureAwait(false) is { } batch)
            {
                Validate(plan, batch, rows, statement, table);
                rows += batch.Length;
            }
        }
        if (rows > int.MaxValue) throw ArrowImportPlan.Error(statement, $"the file has {rows} rows; import at most {int.MaxValue} rows per COPY");
        var writer = new TableWriter(session.Database.Storage, table.Name);
        long row = 0;
        await using (var input = await Open(statement, cancellationToken).ConfigureAwait(false))
        {
            while (await Next(input, statement, cancellationToken).ConfigureAwait(false) is { } batch)
            {
                row = Append(plan, batch, row, writer);
                if (writer.PendingRows >= RowsPerWrite) await session.WritePendingAsync(writer, cancellationToken).ConfigureAwait(false);
            }
        }
        await session.WritePendingAsync(writer, cancellationToken).ConfigureAwait(false);
        return (int)rows;
    }

    private static async ValueTask<ArrowInput> Open(CopyFromStatement statement, CancellationToken cancellationToken)
    {
        try
        {
            return await ArrowInput.OpenAsync(statement.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw ArrowImportPlan.Error(statement, $"not a readable Arrow IPC file or stream: {e.Message}");
        }
    }

    private static async ValueTask<ArrowRecordBatch?> Next(ArrowInput input, CopyFromStatement statement, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await input.NextAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw ArrowImportPlan.Error(statement, $"the file is damaged or truncated (nothing was imported): {e.Message}");
        }
    }

    /// <summary>Checks the values of one batch that could make the write fail half-way.</summary>
    private static void Validate(ArrowImportPlan plan, ArrowRecordBatch batch, long firstRow, CopyFromStatement statement, TableSchema table)
    {
        if (plan.TimeField >= 0)
        {
            var time = batch.Column(plan.TimeField);
            if (time.NullCount > 0)
            {
                int r = 0;
                while (!time.IsNull(r)) r++;
                throw ArrowImportPlan.Error(statement, $"row {firstRow + r} has no value in '{batch.Schema.Fields[plan.TimeField].Name}', the time column of table '{table.Name}'");
            }
            long m = plan.TimeMultiplier;
            if (m != 1)
            {
                var ticks = time.GetValues<long>();
                long max = long.MaxValue / m, min = long.MinValue / m;
                for (int r = 0; r < ticks.Length; r++)
                    if (ticks[r] > max || ticks[r] < min)
                        throw ArrowImportPlan.Error(statement, $"row {firstRow + r}: the time {ticks[r]} ({time.Type}) is out of the range of int64 nanoseconds");
            }
        }
        foreach (var t in plan.Targets)
        {
            if (t.Column.Role != ColumnRole.Field || t.Column.Type != FieldType.BigInt || t.Source.Id != ArrowTypeId.UInt64) continue;
            var column = batch.Column(t.Field);
            for (int r = 0; r < column.Length; r++)
                if (!column.IsNull(r) && column.GetUInt64(r) > long.MaxValue)
                    throw ArrowImportPlan.Error(statement, $"row {firstRow + r}: {column.GetUInt64(r)} in field '{batch.Schema.Fields[t.Field].Name}' does not fit column '{t.Column.Name}' (BIGINT)");
        }
    }

    /// <summary>Appends the rows of one (validated) batch to <paramref name="writer"/>; returns the next row number.</summary>
    private static long Append(ArrowImportPlan plan, ArrowRecordBatch batch, long firstRow, TableWriter writer)
    {
        var targets = plan.Targets;
        var columns = new ArrowArray[targets.Count];
        var dictionaries = new string[]?[targets.Count];
        for (int k = 0; k < targets.Count; k++)
        {
            columns[k] = batch.Column(targets[k].Field);
            if (columns[k].Dictionary is { } d)
            {
                var strings = new string[d.Length];
                for (int i = 0; i < strings.Length; i++) strings[i] = d.GetString(i)!;
                dictionaries[k] = strings;
            }
        }
        ReadOnlySpan<long> ticks = plan.TimeField >= 0 ? batch.Column(plan.TimeField).GetValues<long>() : default;
        long m = plan.TimeMultiplier;
        for (int r = 0; r < batch.Length; r++)
        {
            writer.BeginRow(plan.TimeField >= 0 ? ticks[r] * m : firstRow + r);
            for (int k = 0; k < targets.Count; k++)
            {
                var column = columns[k];
                var target = targets[k];
                if (column.Type.Id == ArrowTypeId.Null || column.IsNull(r)) continue;
                if (target.Column.Role == ColumnRole.Tag)
                {
                    writer.SetTag(target.Ordinal, dictionaries[k] is { } d ? d[column.DictionaryIndices[r]] : column.GetString(r));
                    continue;
                }
                switch (target.Column.Type)
                {
                    case FieldType.Double:
                        double v = target.Source.IsFloatingPoint ? column.GetDouble(r)
                            : target.Source.Id == ArrowTypeId.UInt64 ? column.GetUInt64(r) : column.GetInt64(r);
                        writer.SetFieldBits(target.Ordinal, BitConverter.DoubleToInt64Bits(v));
                        break;
                    case FieldType.BigInt:
                        writer.SetFieldBits(target.Ordinal, target.Source.Id == ArrowTypeId.UInt64 ? (long)column.GetUInt64(r) : column.GetInt64(r));
                        break;
                    case FieldType.Boolean:
                        writer.SetFieldBits(target.Ordinal, column.GetBoolean(r) ? 1 : 0);
                        break;
                    default:
                        writer.SetField(target.Ordinal, dictionaries[k] is { } s ? s[column.DictionaryIndices[r]] : column.GetString(r));
                        break;
                }
            }
            writer.EndRow();
        }
        return firstRow + batch.Length;
    }
}
