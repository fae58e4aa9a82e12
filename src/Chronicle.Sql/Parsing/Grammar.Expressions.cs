using Chronicle.Sql.Syntax;
using Sprache;
using Ast = Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Parsing;

/// <summary>Expression rules, loosest first; precedence and associativity follow PostgreSQL.</summary>
internal static partial class Grammar
{
    /// <summary><c>expression = or_expression ;</c></summary>
    internal static readonly Parser<Expression> Expression = Ref(() => OrExpression);

    /// <summary><c>or_expression = and_expression { "OR" and_expression } ;</c></summary>
    internal static readonly Parser<Expression> OrExpression = Parse.ChainOperator(
        Kw("OR").Return(BinaryOperator.Or).NamedAs("operator"), Ref(() => AndExpression), MakeBinary);

    /// <summary><c>and_expression = not_expression { "AND" not_expression } ;</c></summary>
    internal static readonly Parser<Expression> AndExpression = Parse.ChainOperator(
        Kw("AND").Return(BinaryOperator.And).NamedAs("operator"), Ref(() => NotExpression), MakeBinary);

    /// <summary><c>not_expression = "NOT" not_expression | is_expression ;</c></summary>
    internal static readonly Parser<Expression> NotExpression =
        (from not in Kw("NOT", record: false)
         from operand in Ref(() => NotExpression)
         select (Expression)new Unary(UnaryOperator.Not, operand) { Position = At(not) })
        .Or(Ref(() => IsExpression));

    /// <summary><c>is_expression = comparison { "IS" [ "NOT" ] "NULL" } ;</c></summary>
    internal static readonly Parser<Expression> IsExpression =
        from value in Ref(() => Comparison)
        from tests in (from @is in Kw("IS").NamedAs("operator")
                       from not in Kw("NOT").Optional()
                       from _ in Kw("NULL")
                       select not.IsDefined).Many()
        select tests.Aggregate(value, (operand, negated) => new IsNull(operand, negated) { Position = value.Position });

    /// <summary><c>comparison = predicate [ comparison_operator predicate ] ;</c> (non-associative, as in PostgreSQL)</summary>
    internal static readonly Parser<Expression> Comparison =
        from left in Ref(() => Predicate)
        from right in (from op in Ref(() => ComparisonOperator)
                       from operand in Ref(() => Predicate)
                       select (op, operand)).Optional()
        select right.IsDefined ? MakeBinary(right.Get().op, left, right.Get().operand) : left;

    /// <summary><c>comparison_operator = "=" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" ;</c></summary>
    internal static readonly Parser<BinaryOperator> ComparisonOperator =
        Sym("=").Return(BinaryOperator.Equal)
            .Or(Sym("!=").Return(BinaryOperator.NotEqual))
            .Or(Sym("<>").Return(BinaryOperator.NotEqual))
            .Or(Sym("<").Return(BinaryOperator.Less))
            .Or(Sym("<=").Return(BinaryOperator.LessOrEqual))
            .Or(Sym(">").Return(BinaryOperator.Greater))
            .Or(Sym(">=").Return(BinaryOperator.GreaterOrEqual))
            .NamedAs("operator");

    /// <summary><c>predicate = concatenation [ [ "NOT" ] ( between_tail | in_tail | like_tail ) ] ;</c></summary>
    internal static readonly Parser<Expression> Predicate =
        from value in Ref(() => Concatenation)
        from tail in (from not in Kw("NOT").NamedAs("operator")
                      from build in Ref(() => PredicateTails)
                      select build(value, true))
                     .Or(from build in Ref(() => PredicateTails).NamedAs("operator")
                         select build(value, false))
                     .Optional()
        select tail.GetOrElse(value);

    /// <summary>The three predicate tails, tried in turn.</summary>
    private static readonly Parser<Func<Expression, bool, Expression>> PredicateTails =
        Ref(() => BetweenTail).Or(Ref(() => InTail)).Or(Ref(() => LikeTail));

    /// <summary><c>between_tail = "BETWEEN" concatenation "AND" concatenation ;</c></summary>
    internal static readonly Parser<Func<Expression, bool, Expression>> BetweenTail =
        from _ in Kw("BETWEEN")
        from low in Ref(() => Concatenation)
        from and in Kw("AND")
        from high in Ref(() => Concatenation)
        select (Func<Expression, bool, Expression>)((value, negated) => new Between(value, low, high, negated) { Position = value.Position });

    /// <summary><c>in_tail = "IN" ( "(" expression { "," expression } ")" | parameter ) ;</c></summary>
    internal static readonly Parser<Func<Expression, bool, Expression>> InTail =
        from _ in Kw("IN")
        from list in (from open in Sym("(")
                      from items in Expression.DelimitedBy(Sym(","))
                      from close in Sym(")")
                      select (Items: (IReadOnlyList<Expression>)items.ToArray(), Bare: false))
                     .Or(from p in Ref(() => ParameterReference)
                         select (Items: (IReadOnlyList<Expression>)[p], Bare: true))
        select (Func<Expression, bool, Expression>)((value, negated) => new InList(value, list.Items, negated, list.Bare) { Position = value.Position });

    /// <summary><c>like_tail = ( "LIKE" | "ILIKE" ) concatenation ;</c></summary>
    internal static readonly Parser<Func<Expression, bool, Expression>> LikeTail =
        from op in Kw("LIKE").Or(Kw("ILIKE"))
        from pattern in Ref(() => Concatenation)
        select (Func<Expression, bool, Expression>)((value, negated) =>
            new Like(value, pattern, negated, (string)op.Value! == "ILIKE") { Position = value.Position });

    /// <summary><c>concatenation = additive { "||" additive } ;</c></summary>
    internal static readonly Parser<Expression> Concatenation = Parse.ChainOperator(
        Sym("||").Return(BinaryOperator.Concat).NamedAs("operator"), Ref(() => Additive), MakeBinary);

    /// <summary><c>additive = multiplicative { ( "+" | "-" ) multiplicative } ;</c></summary>
    internal static readonly Parser<Expression> Additive = Parse.ChainOperator(
        Sym("+").Return(BinaryOperator.Add).Or(Sym("-").Return(BinaryOperator.Subtract)).NamedAs("operator"),
        Ref(() => Multiplicative), MakeBinary);

    /// <summary><c>multiplicative = unary { ( "*" | "/" | "%" ) unary } ;</c></summary>
    internal static readonly Parser<Expression> Multiplicative = Parse.ChainOperator(
        Sym("*").Return(BinaryOperator.Multiply)
            .Or(Sym("/").Return(BinaryOperator.Divide))
            .Or(Sym("%").Return(BinaryOperator.Modulo)).NamedAs("operator"),
        Ref(() => Unary), MakeBinary);

    /// <summary><c>unary = ( "-" | "+" ) unary | postfix_cast ;</c> A minus before a number literal is folded into it.</summary>
    internal static readonly Parser<Expression> Unary =
        (from sign in Sym("-", record: false).Or(Sym("+", record: false))
         from operand in Ref(() => Unary)
         select MakeUnary(sign, operand))
        .Or(Ref(() => PostfixCast));

    /// <summary><c>postfix_cast = primary { "::" type_name } ;</c></summary>
    internal static readonly Parser<Expression> PostfixCast =
        from value in Ref(() => Primary)
        from types in (from op in Sym("::").NamedAs("operator")
                       from type in Ref(() => TypeName)
                       select type).Many()
        select types.Aggregate(value, (operand, type) => new Cast(operand, type.Type) { Position = value.Position });

    /// <summary>
    /// <c>primary = parenthesized | literal | duration | parameter | cast_expression | interval_literal
    /// | timestamp_literal | function_call | column_reference ;</c>
    /// </summary>
    internal static readonly Parser<Expression> Primary =
        Ref(() => Parenthesized)
            .Or(Ref(() => Literal))
            .Or(Ref(() => Duration))
            .Or(Ref(() => ParameterReference))
            .Or(Ref(() => CastExpression))
            .Or(Ref(() => IntervalLiteral))
            .Or(Ref(() => TimestampLiteral))
            .Or(Ref(() => FunctionCall))
            .Or(Ref(() => ColumnReference))
            .NamedAs("expression");

    /// <summary><c>parenthesized = "(" expression ")" ;</c></summary>
    internal static readonly Parser<Expression> Parenthesized =
        from open in Sym("(")
        from value in Expression
        from close in Sym(")")
        select value;

    /// <summary><c>literal = integer | decimal | string | "TRUE" | "FALSE" | "NULL" ;</c></summary>
    internal static readonly Parser<Expression> Literal = TokenWhere(IsLiteral, "literal").Select(MakeLiteral);

    /// <summary><c>duration = duration_token ;</c> (<c>5m</c>, <c>1h30m</c>, <c>250ms</c>)</summary>
    internal static readonly Parser<Expression> Duration =
        OfKind(TokenKind.Duration, "duration")
            .Select(t => (Expression)new DurationLiteral((long)t.Value!, t.Text) { Position = At(t) });

    /// <summary><c>parameter_reference = parameter ;</c> (<c>@name</c>, <c>:name</c>, <c>$name</c>, <c>$1</c>, <c>?</c>)</summary>
    internal static readonly Parser<Expression> ParameterReference =
        OfKind(TokenKind.Parameter, "parameter").Select(MakeParameter);

    /// <summary><c>cast_expression = "CAST" "(" expression "AS" type_name ")" ;</c></summary>
    internal static readonly Parser<Expression> CastExpression =
        from cast in Kw("CAST")
        from open in Sym("(")
        from value in Expression
        from @as in Kw("AS")
        from type in Ref(() => TypeName)
        from close in Sym(")")
        select (Expression)new Cast(value, type.Type) { Position = At(cast) };

    /// <summary><c>interval_literal = "INTERVAL" string ;</c> (<c>INTERVAL '5 minutes'</c>)</summary>
    internal static readonly Parser<Expression> IntervalLiteral =
        from word in Word("interval")
        from text in OfKind(TokenKind.String, "string")
        select MakeInterval(word, text);

    /// <summary><c>timestamp_literal = "TIMESTAMP" string ;</c> (<c>TIMESTAMP '2024-01-01T00:00:00Z'</c>)</summary>
    internal static readonly Parser<Expression> TimestampLiteral =
        from word in Word("timestamp")
        from text in OfKind(TokenKind.String, "string")
        select (Expression)new Ast.TimestampLiteral(text.StringValue) { Position = At(word) };

    /// <summary>
    /// <c>function_call = name "(" [ "*" | [ "DISTINCT" ] expression { "," expression } ] ")" [ within_group ] ;</c>
    /// </summary>
    internal static readonly Parser<Expression> FunctionCall =
        from name in NameToken
        from open in Sym("(", record: false)
        from args in Sym("*").Return((Star: true, Distinct: false, Args: (IReadOnlyList<Expression>)[]))
            .Or(from distinct in Kw("DISTINCT").Optional()
                from list in Expression.DelimitedBy(Sym(","))
                select (Star: false, Distinct: distinct.IsDefined, Args: (IReadOnlyList<Expression>)list.ToArray()))
            .Optional()
        from close in Sym(")")
        from within in Ref(() => WithinGroup).Optional()
        select (Expression)new Ast.FunctionCall(
            name.StringValue,
            args.IsDefined ? args.Get().Args : [],
            args.IsDefined && args.Get().Star,
            args.IsDefined && args.Get().Distinct,
            within.GetOrDefault()) { Position = At(name) };

    /// <summary><c>within_group = "WITHIN" "GROUP" "(" "ORDER" "BY" order_item { "," order_item } ")" ;</c></summary>
    internal static readonly Parser<IReadOnlyList<OrderItem>> WithinGroup =
        from within in Kw("WITHIN")
        from g in Kw("GROUP")
        from open in Sym("(")
        from order in Kw("ORDER")
        from byKeyword in Kw("BY")
        from items in Ref(() => OrderItem).DelimitedBy(Sym(","))
        from close in Sym(")")
        select (IReadOnlyList<OrderItem>)items.ToArray();

    /// <summary><c>column_reference = name [ "." name ] ;</c></summary>
    internal static readonly Parser<Expression> ColumnReference =
        from first in NameToken
        from second in (from dot in Sym(".", record: false) from n in NameToken select n).Optional()
        select (Expression)(second.IsDefined
            ? new ColumnRef(second.Get().StringValue, first.StringValue) { Position = At(first) }
            : new ColumnRef(first.StringValue) { Position = At(first) });

    /// <summary>Type words and the type each names.</summary>
    private static readonly Dictionary<string, SqlType> TypeWords = new(StringComparer.Ordinal)
    {
        ["timestamp"] = SqlType.Timestamp,
        ["double"] = SqlType.Double, ["float"] = SqlType.Double, ["float8"] = SqlType.Double, ["real"] = SqlType.Double,
        ["bigint"] = SqlType.BigInt, ["int"] = SqlType.BigInt, ["integer"] = SqlType.BigInt, ["int8"] = SqlType.BigInt, ["long"] = SqlType.BigInt,
        ["boolean"] = SqlType.Boolean, ["bool"] = SqlType.Boolean,
        ["varchar"] = SqlType.Varchar, ["text"] = SqlType.Varchar, ["string"] = SqlType.Varchar,
        ["interval"] = SqlType.Interval,
    };

    /// <summary>
    /// <c>type_name = "TIMESTAMP" | "DOUBLE" [ "PRECISION" ] | "FLOAT" | "REAL" | "BIGINT" | "INT" | "INTEGER"
    /// | "BOOLEAN" | "BOOL" | "VARCHAR" [ "(" integer ")" ] | "TEXT" | "STRING" | "INTERVAL" ;</c>
    /// </summary>
    internal static readonly Parser<(SqlType Type, string Text)> TypeName =
        (from word in Word("double")
         from precision in Word("precision").Optional()
         select (SqlType.Double, precision.IsDefined ? "DOUBLE PRECISION" : "DOUBLE"))
        .Or(from word in Word("varchar")
            from length in (from open in Sym("(") from n in OfKind(TokenKind.Integer, "integer") from close in Sym(")") select n).Optional()
            select (SqlType.Varchar, length.IsDefined ? $"VARCHAR({length.Get().Text})" : "VARCHAR"))
        .Or(from word in TokenWhere(t => t.Kind == TokenKind.Identifier && TypeWords.ContainsKey(t.StringValue), "type")
            select (TypeWords[word.StringValue], word.StringValue.ToUpperInvariant()))
        .NamedAs("type");

    private static Expression MakeBinary(BinaryOperator op, Expression left, Expression right) =>
        new Binary(op, left, right) { Position = left.Position };

    private static Expression MakeUnary(Token sign, Expression operand)
    {
        var negate = (string)sign.Value! == "-";
        if (negate && operand is Ast.Literal { Kind: LiteralKind.Integer, Value: long l })
            return new Ast.Literal(LiteralKind.Integer, -l) { Position = At(sign) };
        if (negate && operand is Ast.Literal { Kind: LiteralKind.Decimal, Value: double d })
            return new Ast.Literal(LiteralKind.Decimal, -d) { Position = At(sign) };
        return new Ast.Unary(negate ? UnaryOperator.Negate : UnaryOperator.Plus, operand) { Position = At(sign) };
    }

    private static bool IsLiteral(Token t) =>
        t.Kind is TokenKind.Integer or TokenKind.Decimal or TokenKind.String
        || (t.Kind == TokenKind.Keyword && (string)t.Value! is "TRUE" or "FALSE" or "NULL");

    private static Expression MakeLiteral(Token t)
    {
        var literal = t.Kind switch
        {
            TokenKind.Integer => new Ast.Literal(LiteralKind.Integer, t.Value),
            TokenKind.Decimal => new Ast.Literal(LiteralKind.Decimal, t.Value),
            TokenKind.String => new Ast.Literal(LiteralKind.String, t.Value),
            _ => (string)t.Value! switch
            {
                "TRUE" => new Ast.Literal(LiteralKind.Boolean, true),
                "FALSE" => new Ast.Literal(LiteralKind.Boolean, false),
                _ => Ast.Literal.Null,
            },
        };
        return literal with { Position = At(t) };
    }

    private static Expression MakeParameter(Token t) => t.Value switch
    {
        int ordinal => new Parameter(null, ordinal, t.Text) { Position = At(t) },
        _ => new Parameter((string)t.Value!, null, t.Text) { Position = At(t) },
    };

    private static Expression MakeInterval(Token word, Token text)
    {
        if (!DurationParser.TryParseInterval(text.StringValue, out var nanoseconds))
            throw new ChronicleSqlException(text.Line, text.Column, text.Description, ["interval such as '5 minutes' or '1 hour 30 minutes'"]);
        return new Ast.IntervalLiteral(nanoseconds, text.StringValue) { Position = At(word) };
    }
}
