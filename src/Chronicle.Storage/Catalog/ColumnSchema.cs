namespace Chronicle.Storage.Catalog;

/// <summary>One column of a table.</summary>
/// <param name="Name">Column name, as stored (identifiers are lower-cased by the SQL layer unless quoted).</param>
/// <param name="Role">Time, tag or field.</param>
/// <param name="Type">Value type for a field; <see cref="FieldType.VarChar"/> for tags; <see cref="FieldType.BigInt"/> for time.</param>
public sealed record ColumnSchema(string Name, ColumnRole Role, FieldType Type);
