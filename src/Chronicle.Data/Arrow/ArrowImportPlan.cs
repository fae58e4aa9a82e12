using Chronicle.Arrow;
using Chronicle.Sql.Planning;
using Chronicle.Sql.Syntax;
using Chronicle.Storage;
using Chronicle.Storage.Catalog;
using ColumnRole = Chronicle.Storage.Catalog.ColumnRole;

namespace Chronicle.Data.Arrow;

/// <summary>
/// How the fields of an Arrow schema fill the columns of a table for <c>COPY t FROM 'f' (FORMAT ARROW)</c>,
/// decided and checked before anything is read or written (docs/arrow.md, "Importing"):
/// <list type="bullet">
/// <item>Fields match columns by name: exactly first, then ignoring case. A field that matches no
/// column, or a second field for the same column, is an error.</item>
/// <item>The time column comes from the field named like it, from the field named by
/// <c>TIME_COLUMN 'name'</c>, or with <c>TIME_COLUMN NONE</c> from the row number (row i of the file
/// gets i nanoseconds after the epoch). It takes Timestamp of any unit (converted to nanoseconds) or
/// Int64 nanoseconds.</item>
/// <item>DOUBLE takes Float64, Float32 or any integer; BIGINT any integer (UInt64 values above
/// 2^63 - 1 are refused); BOOLEAN takes Boolean; VARCHAR and TAG take Utf8, plain or dictionary-encoded.
/// A field of type Null is accepted for any column except time and writes nothing.</item>
/// </list>
/// </summary>
internal sealed class ArrowImportPlan
{
    private ArrowImportPlan(int timeField, long timeMultiplier, ColumnTarget[] targets)
    {
        TimeField = timeField;
        TimeMultiplier = timeMultiplier;
        Targets = targets;
    }

    /// <summary>The file's field for the time column, or -1 when rows are numbered (<c>TIME_COLUMN NONE</c>).</summary>
    public int TimeField { get; }

    /// <summary>Nanoseconds per tick of the time field (1 for Int64 and Timestamp(ns)).</summary>
    public long TimeMultiplier { get; }

    /// <summary>The tag and field columns the file fills, with their source fields.</summary>
    public IReadOnlyList<ColumnTarget> Targets { get; }

    /// <summary>A tag or field column filled from file field <paramref name="Field"/>.</summary>
    /// <param name="Field">Index into the file's schema.</param>
    /// <param name="Column">The table column.</param>
    /// <param name="Ordinal">Index into <see cref="TableSchema.Tags"/> (for a tag) or <see cref="TableSchema.Fields"/>.</param>
    /// <param name="Source">The file field's value type.</param>
    internal sealed record ColumnTarget(int Field, ColumnSchema Column, int Ordinal, ArrowType Source);

    /// <summary>Matches <paramref name="schema"/> to <paramref name="table"/>.</summary>
    /// <exception cref="Chronicle.Sql.ChronicleSqlException">A field matches no column or a column twice, the time field is missing, or a field's type does not fit its column; the message names them.</exception>
    public static ArrowImportPlan Build(ArrowSchema schema, TableSchema table, CopyFromStatement statement)
    {
        var time = table.TimeColumn;
        int timeField = -1;
        var targets = new List<ColumnTarget>();
        var taken = new Dictionary<ColumnSchema, string>();
        int named = statement.TimeColumn is { } n ? FieldIndex(schema, n) : -1;
        for (int i = 0; i < schema.Fields.Count; i++)
        {
            var field = schema.Fields[i];
            if (i == named)
            {
                timeField = i;
                continue;
            }
            var column = Find(table, field.Name)
                ?? throw Error(statement, $"the file's field '{field.Name}' does not exist in table '{table.Name}'{SqlErrors.Suggest(field.Name, table.Columns.Select(c => c.Name))} (its columns: {string.Join(", ", table.Columns.Select(c => c.Name))})");
            if (taken.TryGetValue(column, out var other))
                throw Error(statement, $"the file's fields '{other}' and '{field.Name}' both match column '{column.Name}' of table '{table.Name}'");
            taken[column] = field.Name;
            if (column.Role == ColumnRole.Time)
            {
                if (statement.NumberRows)
                    throw Error(statement, $"the file's field '{field.Name}' matches the time column '{time.Name}' of table '{table.Name}', but TIME_COLUMN NONE numbers the rows; drop the option or rename the field");
                if (statement.TimeColumn is not null)
                    throw Error(statement, $"the file's field '{field.Name}' matches the time column '{time.Name}' of table '{table.Name}', but TIME_COLUMN names '{statement.TimeColumn}'");
                timeField = i;
                continue;
            }
            CheckType(statement, table, column, field);
            int ordinal = column.Role == ColumnRole.Tag ? IndexOf(table.Tags, column) : IndexOf(table.Fields, column);
            targets.Add(new ColumnTarget(i, column, ordinal, field.Type));
        }
        long multiplier = 1;
        if (timeField < 0 && !statement.NumberRows)
        {
            var wanted = statement.TimeColumn ?? time.Name;
            throw Error(statement, $"the file has no field '{wanted}' for the time column '{time.Name}' of table '{table.Name}' (its fields: {string.Join(", ", schema.Fields.Select(f => f.Name))}); " +
                "name the field, or use TIME_COLUMN 'field' to pick one, or TIME_COLUMN NONE to number the rows");
        }
        if (timeField >= 0)
        {
            var field = schema.Fields[timeField];
            multiplier = field.Type.Id switch
            {
                ArrowTypeId.Int64 when !field.IsDictionaryEncoded => 1,
                ArrowTypeId.Timestamp => field.Type.Unit switch
                {
                    TimeUnit.Second => 1_000_000_000,
                    TimeUnit.Millisecond => 1_000_000,
                    TimeUnit.Microsecond => 1_000,
                    _ => 1,
                },
                _ => throw Error(statement, $"the file's field '{field.Name}' is {Describe(field)}; the time column '{time.Name}' of table '{table.Name}' takes Timestamp (any unit) or Int64 nanoseconds"),
            };
        }
        if (!targets.Any(t => t.Column.Role == ColumnRole.Field && t.Source.Id != ArrowTypeId.Null))
            throw Error(statement, $"the file has none of the field columns of table '{table.Name}' ({string.Join(", ", table.Fields.Select(f => f.Name))}), so there is nothing to import");
        return new ArrowImportPlan(timeField, multiplier, targets.ToArray());
    }

    private static int FieldIndex(ArrowSchema schema, string name)
    {
        int exact = schema.GetFieldIndex(name);
        if (exact >= 0) return exact;
        for (int i = 0; i < schema.Fields.Count; i++)
            if (string.Equals(schema.Fields[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static ColumnSchema? Find(TableSchema table, string name) =>
        table.FindColumn(name) ?? table.Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    private static void CheckType(CopyFromStatement statement, TableSchema table, ColumnSchema column, ArrowField field)
    {
        var type = field.Type;
        if (type.Id == ArrowTypeId.Null) return;
        bool dictionary = field.IsDictionaryEncoded;
        bool ok = column.Role == ColumnRole.Tag
            ? type.Id == ArrowTypeId.Utf8
            : column.Type switch
            {
                FieldType.Double => !dictionary && (type.IsFloatingPoint || type.IsInteger),
                FieldType.BigInt => !dictionary && type.IsInteger,
                FieldType.Boolean => !dictionary && type.Id == ArrowTypeId.Boolean,
                FieldType.VarChar => type.Id == ArrowTypeId.Utf8,
                _ => false,
            };
        if (ok) return;
        string target = column.Role == ColumnRole.Tag ? "TAG" : column.Type.ToString().ToUpperInvariant();
        string accepts = column.Role == ColumnRole.Tag ? "Utf8" : column.Type switch
        {
            FieldType.Double => "Float64, Float32 or an integer type",
            FieldType.BigInt => "an integer type",
            FieldType.Boolean => "Boolean",
            _ => "Utf8",
        };
        throw Error(statement, $"the file's field '{field.Name}' is {Describe(field)} but column '{column.Name}' of table '{table.Name}' is {target}, which takes {accepts}");
    }

    private static string Describe(ArrowField field) => field.IsDictionaryEncoded ? $"dictionary-encoded {field.Type}" : field.Type.ToString();

    private static int IndexOf(IReadOnlyList<ColumnSchema> list, ColumnSchema c)
    {
        for (int i = 0; i < list.Count; i++) if (ReferenceEquals(list[i], c) || list[i].Name == c.Name) return i;
        return -1;
    }

    /// <summary>An import error at the COPY statement, prefixed with the file's path.</summary>
    internal static Chronicle.Sql.ChronicleSqlException Error(CopyFromStatement statement, string message) =>
        SqlErrors.At(statement.Position, $"COPY {statement.Table} FROM '{statement.Path}': {message}");
}
