using System.Globalization;
using System.Text;

namespace Chronicle.Sql.Syntax;

/// <summary>
/// Prints syntax trees back as SQL in one canonical form: keywords upper-case, every binary,
/// unary and predicate operation in parentheses, identifiers quoted only when needed. Parsing the
/// output gives the same tree again (used by tests and by EXPLAIN output).
/// </summary>
public static class SqlFormatter
{
    /// <summary>Formats an expression.</summary>
    /// <param name="expression">The expression.</param>
    /// <returns>Canonical SQL text.</returns>
    public static string Format(Expression expression)
    {
        var builder = new StringBuilder();
        Write(builder, expression);
        return builder.ToString();
    }

    /// <summary>Formats a statement.</summary>
    /// <param name="statement">The statement.</param>
    /// <returns>Canonical SQL text (no trailing semicolon).</returns>
    public static string Format(Statement statement)
    {
        var builder = new StringBuilder();
        Write(builder, statement);
        return builder.ToString();
    }

    /// <summary>Quotes an identifier when it is not a plain lower-case name or is a reserved word.</summary>
    /// <param name="name">The normalized identifier.</param>
    /// <returns>The identifier as it must be written in SQL.</returns>
    public static string Identifier(string name)
    {
        var plain = name.Length > 0 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            && !Parsing.Keywords.IsReserved(name);
        return plain ? name : "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";

    private static void Write(StringBuilder b, Statement statement)
    {
        switch (statement)
        {
            case CreateTableStatement s:
                b.Append("CREATE TABLE ");
                if (s.IfNotExists) b.Append("IF NOT EXISTS ");
                b.Append(Identifier(s.Table)).Append(" (");
                b.AppendJoin(", ", s.Columns.Select(c => Identifier(c.Name) + " " + c.TypeName));
                b.Append(')');
                if (s.Options.Count > 0)
                {
                    b.Append(" WITH (");
                    for (var i = 0; i < s.Options.Count; i++)
                    {
                        if (i > 0) b.Append(", ");
                        b.Append(Identifier(s.Options[i].Name)).Append(" = ");
                        Write(b, s.Options[i].Value);
                    }
                    b.Append(')');
                }
                break;
            case DropTableStatement s:
                b.Append("DROP TABLE ").Append(s.IfExists ? "IF EXISTS " : "").Append(Identifier(s.Table));
                break;
            case ShowTablesStatement:
                b.Append("SHOW TABLES");
                break;
            case DescribeStatement s:
                b.Append("DESCRIBE ").Append(Identifier(s.Table));
                break;
            case InsertStatement s:
                b.Append("INSERT INTO ").Append(Identifier(s.Table));
                if (s.Columns is not null) b.Append(" (").AppendJoin(", ", s.Columns.Select(Identifier)).Append(')');
                b.Append(" VALUES ");
                for (var r = 0; r < s.Rows.Count; r++)
                {
                    if (r > 0) b.Append(", ");
                    WriteList(b, s.Rows[r]);
                }
                break;
            case SelectStatement s:
                WriteSelect(b, s);
                break;
            case DeleteStatement s:
                b.Append("DELETE FROM ").Append(Identifier(s.Table));
                if (s.Where is not null) { b.Append(" WHERE "); Write(b, s.Where); }
                break;
            case ExplainStatement s:
                b.Append(s.Analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ");
                WriteSelect(b, s.Query);
                break;
            case CopyToStatement s:
                b.Append("COPY (");
                WriteSelect(b, s.Query);
                b.Append(") TO ").Append(Quote(s.Path)).Append(" (FORMAT ").Append(FormatName(s.Format)).Append(')');
                break;
            case CopyFromStatement s:
                b.Append("COPY ").Append(Identifier(s.Table)).Append(" FROM ").Append(Quote(s.Path))
                    .Append(" (FORMAT ").Append(FormatName(s.Format));
                if (s.NumberRows) b.Append(", TIME_COLUMN NONE");
                else if (s.TimeColumn is not null) b.Append(", TIME_COLUMN ").Append(Quote(s.TimeColumn));
                b.Append(')');
                break;
            default:
                throw new ArgumentException($"Unknown statement type {statement.GetType().Name}.", nameof(statement));
        }
    }

    private static string FormatName(CopyFormat format) => format == CopyFormat.ArrowStream ? "ARROW_STREAM" : format.ToString().ToUpperInvariant();

    private static void WriteSelect(StringBuilder b, SelectStatement s)
    {
        b.Append(s.Distinct ? "SELECT DISTINCT " : "SELECT ");
        for (var i = 0; i < s.Items.Count; i++)
        {
            if (i > 0) b.Append(", ");
            var item = s.Items[i];
            if (item.Star)
            {
                if (item.StarTable is not null) b.Append(Identifier(item.StarTable)).Append('.');
                b.Append('*');
                continue;
            }
            Write(b, item.Expression!);
            if (item.Alias is not null) b.Append(" AS ").Append(Identifier(item.Alias));
        }
        if (s.From is not null)
        {
            b.Append(" FROM ").Append(Identifier(s.From.Name));
            if (s.From.Alias is not null) b.Append(" AS ").Append(Identifier(s.From.Alias));
        }
        if (s.Where is not null) { b.Append(" WHERE "); Write(b, s.Where); }
        if (s.GroupBy.Count > 0) { b.Append(" GROUP BY "); WriteJoined(b, s.GroupBy); }
        if (s.SampleBy is not null) { b.Append(" SAMPLE BY "); Write(b, s.SampleBy); }
        if (s.Having is not null) { b.Append(" HAVING "); Write(b, s.Having); }
        if (s.OrderBy.Count > 0) { b.Append(" ORDER BY "); WriteOrder(b, s.OrderBy); }
        if (s.Limit is not null) { b.Append(" LIMIT "); Write(b, s.Limit); }
        if (s.Offset is not null) { b.Append(" OFFSET "); Write(b, s.Offset); }
    }

    private static void WriteOrder(StringBuilder b, IReadOnlyList<OrderItem> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) b.Append(", ");
            Write(b, items[i].Expression);
            if (items[i].Descending) b.Append(" DESC");
            if (items[i].NullsFirst is bool first) b.Append(first ? " NULLS FIRST" : " NULLS LAST");
        }
    }

    private static void WriteJoined(StringBuilder b, IReadOnlyList<Expression> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) b.Append(", ");
            Write(b, items[i]);
        }
    }

    private static void WriteList(StringBuilder b, IReadOnlyList<Expression> items)
    {
        b.Append('(');
        WriteJoined(b, items);
        b.Append(')');
    }

    private static void Write(StringBuilder b, Expression expression)
    {
        switch (expression)
        {
            case Literal l:
                b.Append(l.Kind switch
                {
                    LiteralKind.Null => "NULL",
                    LiteralKind.Boolean => (bool)l.Value! ? "TRUE" : "FALSE",
                    LiteralKind.String => Quote((string)l.Value!),
                    LiteralKind.Integer => ((long)l.Value!).ToString(CultureInfo.InvariantCulture),
                    _ => FormatDouble((double)l.Value!),
                });
                break;
            case ColumnRef c:
                if (c.Table is not null) b.Append(Identifier(c.Table)).Append('.');
                b.Append(Identifier(c.Name));
                break;
            case Parameter p:
                b.Append(p.Text);
                break;
            case Binary x:
                b.Append('(');
                Write(b, x.Left);
                b.Append(' ').Append(OperatorText(x.Operator)).Append(' ');
                Write(b, x.Right);
                b.Append(')');
                break;
            case Unary u:
                b.Append('(').Append(u.Operator switch { UnaryOperator.Negate => "-", UnaryOperator.Plus => "+", _ => "NOT " });
                Write(b, u.Operand);
                b.Append(')');
                break;
            case Between x:
                b.Append('(');
                Write(b, x.Value);
                b.Append(x.Negated ? " NOT BETWEEN " : " BETWEEN ");
                Write(b, x.Low);
                b.Append(" AND ");
                Write(b, x.High);
                b.Append(')');
                break;
            case InList x:
                b.Append('(');
                Write(b, x.Value);
                b.Append(x.Negated ? " NOT IN " : " IN ");
                if (x.BareParameter) Write(b, x.Items[0]);
                else if (x.Items.Count == 0) b.Append("(SELECT NULL WHERE 1 = 0)");
                else WriteList(b, x.Items);
                b.Append(')');
                break;
            case Like x:
                b.Append('(');
                Write(b, x.Value);
                b.Append(x.Negated ? " NOT" : "").Append(x.IgnoreCase ? " ILIKE " : " LIKE ");
                Write(b, x.Pattern);
                b.Append(')');
                break;
            case IsNull x:
                b.Append('(');
                Write(b, x.Value);
                b.Append(x.Negated ? " IS NOT NULL)" : " IS NULL)");
                break;
            case FunctionCall f:
                b.Append(Identifier(f.Name)).Append('(');
                if (f.Distinct) b.Append("DISTINCT ");
                if (f.Star) b.Append('*'); else WriteJoined(b, f.Arguments);
                b.Append(')');
                if (f.WithinGroup is not null)
                {
                    b.Append(" WITHIN GROUP (ORDER BY ");
                    WriteOrder(b, f.WithinGroup);
                    b.Append(')');
                }
                break;
            case Cast c:
                b.Append("CAST(");
                Write(b, c.Value);
                b.Append(" AS ").Append(c.TargetType.ToString().ToUpperInvariant()).Append(')');
                break;
            case DurationLiteral d:
                b.Append(d.Text);
                break;
            case IntervalLiteral i:
                b.Append("INTERVAL ").Append(Quote(i.Text));
                break;
            case TimestampLiteral t:
                b.Append("TIMESTAMP ").Append(Quote(t.Text));
                break;
            default:
                throw new ArgumentException($"Unknown expression type {expression.GetType().Name}.", nameof(expression));
        }
    }

    private static string FormatDouble(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') || text.Contains("Infinity") || text.Contains("NaN") ? text : text + ".0";
    }

    /// <summary>The SQL spelling of a binary operator (<c>!=</c> for NotEqual).</summary>
    /// <param name="op">The operator.</param>
    /// <returns>Its text.</returns>
    public static string OperatorText(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        BinaryOperator.Concat => "||",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.And => "AND",
        _ => "OR",
    };
}
