namespace Chronicle.Sql.Syntax;

/// <summary>
/// One column of CREATE TABLE. <c>TIMESTAMP</c> gives role <see cref="ColumnRole.Time"/>, <c>TAG</c>
/// gives <see cref="ColumnRole.Tag"/> (type <see cref="SqlType.Varchar"/>), any other type a field.
/// The parser does not check that there is exactly one time column; the binder does.
/// </summary>
/// <param name="Name">The column name (normalized).</param>
/// <param name="Role">Time, tag or field.</param>
/// <param name="Type">The value type.</param>
/// <param name="TypeName">The type as written, upper-cased (<c>DOUBLE</c>, <c>INT</c>, <c>TAG</c>).</param>
public sealed record ColumnDefinition(string Name, ColumnRole Role, SqlType Type, string TypeName) : SyntaxNode;
