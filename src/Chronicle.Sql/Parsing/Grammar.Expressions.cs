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
    internal static readonly Parser<Expression> OrExpression = BinaryChain(
        TokenKind.Keyword, new Dictionary<string, BinaryOperator> { ["OR"] = BinaryOperator.Or }, Ref(() => AndExpression));

    /// <summary><c>and_expression = not_expression { "AND" not_expression } ;</c></summary>
    internal static readonly Parser<Expression> AndExpression = BinaryChain(
        TokenKind.Keyword, new Dictionary<string, BinaryOperator> { ["AND"] = BinaryOperator.And }, Ref(() => NotExpression));

    /// <summary><c>not_expression = "NOT" not_expression | is_expression ;</c></summary>
    internal static readonly Parser<Expression> NotExpression = Dispatch(
        input => IsKeyword(input.Token, "NOT") ? NotPrefixed : IsExpression);

    private static readonly Parser<Expression> NotPrefixed =
        from not in Kw("NOT")
        from operand in NotExpression
        select (Expression)new Unary(UnaryOperator.Not, operand) { Position = At(not) };

    /// <summary><c>is_expression = comparison { "IS" [ "NOT" ] "NULL" } ;</c></summary>
    internal static readonly Parser<Expression> IsExpression = Suffixes(
        Ref(() => Comparison),
        t => IsKeyword(t, "IS"),
        from @is in Kw("IS")
        from not in OptionalNot
        from _ in Kw("NULL")
        select not.IsDefined,
        (operand, negated) => (Expression)new IsNull(operand, negated) { Position = operand.Position });

    /// <summary>The comparison operators by their text.</summary>
    private static readonly Dictionary<string, BinaryOperator> ComparisonOperators = new()
    {
        ["="] = BinaryOperator.Equal, ["!="] = BinaryOperator.NotEqual, ["<>"] = BinaryOperator.NotEqual,
        ["<"] = BinaryOperator.Less, ["<="] = BinaryOperator.LessOrEqual,
        [">"] = BinaryOperator.Greater, [">="] = BinaryOperator.GreaterOrEqual,
    };

    /// <summary><c>comparison = predicate [ comparison_operator predicate ] ;</c> (non-associative, as in PostgreSQL)</summary>
    internal static readonly Parser<Expression> Comparison = OptionalSuffix(
        Ref(() => Predicate),
        t => IsOperator(t, ComparisonOperators),
        from op in Ref(() => ComparisonOperator)
        from operand in Predicate
        select (op, operand),
        (left, right) => MakeBinary(right.op, left, right.operand));

    /// <summary><c>comparison_operator = "=" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" ;</c></summary>
    internal static readonly Parser<BinaryOperator> ComparisonOperator = Ref(() => OperatorToken(ComparisonOperators));

    /// <summary><c>predicate = concatenation [ [ "NOT" ] ( between_tail | in_tail | like_tail ) ] ;</c></summary>
    internal static readonly Parser<Expression> Predicate = OptionalSuffix(
        Ref(() => Concatenation),
        t => t.Kind == TokenKind.Keyword && t.StringValue is "NOT" or "BETWEEN" or "IN" or "LIKE" or "ILIKE",
        (from not in Kw("NOT").NamedAs("operator")
         from build in PredicateTails
         select (Build: build, Negated: true))
        .Or(from build in Ref(() => PredicateTails).NamedAs("operator")
            select (Build: build, Negated: false)),
        (value, tail) => tail.Build(value, tail.Negated));

    /// <summary>The three predicate tails, tried in turn.</summary>
    private static readonly Parser<Func<Expression, bool, Expression>> PredicateTails =
        Ref(() => BetweenTail).Or(Ref(() => InTail)).Or(Ref(() => LikeTail));

    /// <summary><c>between_tail = "BETWEEN" concatenation "AND" concatenation ;</c></summary>
    internal static readonly Parser<Func<Expression, bool, Expression>> BetweenTail =
        from _ in Kw("BETWEEN")
        from low in Concatenation
        from and in Kw("AND")
        from high in Concatenation
        select (Func<Expression, bool, Expression>)((value, negated) => new Between(value, low, high, negated) { Position = value.Position });

    /// <summary><c>in_tail = "IN" ( "(" expression { "," expression } ")" | parameter ) ;</c></summary>
    internal static readonly Parser<Func<Expression, bool, Expression>> InTail =
        from _ in Kw("IN")
        from list in InItems
        select (Func<Expression, bool, Expression>)((value, negated) => new InList(value, list.Items, negated, list.Bare) { Position = value.Position });

    /// <summary>The parenthesized list, Dapper's empty list, or the bare parameter after IN.</summary>
    private static readonly Parser<(IReadOnlyList<Expression> Items, bool Bare)> InItems =
        (from open in Sym("(")
         from items in ExpressionList
         from close in Sym(")")
         select (items, false))
        .Or(Ref(() => EmptyList).Select(_ => ((IReadOnlyList<Expression>)[], false)))
        .Or(from p in Ref(() => ParameterReference)
            select ((IReadOnlyList<Expression>)[p], true));

    /// <summary>
    /// <c>empty_list = "(" "SELECT" ( parameter_reference | "NULL" ) "WHERE" integer "=" integer ")" ;</c>
    /// What Dapper sends for <c>IN @ids</c> when the list is empty: <c>IN (SELECT @ids WHERE 1 = 0)</c>.
    /// It becomes an <see cref="InList"/> without items (no other subquery is accepted).
    /// </summary>
    internal static readonly Parser<Token> EmptyList =
        from open in Sym("(")
        from selectKeyword in Kw("SELECT", record: false)
        from value in Ref(() => ParameterReference).Or(TokenValue(t => t.Kind == TokenKind.Keyword && t.StringValue == "NULL", MakeLiteral, "NULL"))
        from whereKeyword in Kw("WHERE")
        from left in OfKind(TokenKind.Integer, "integer")
        from eq in Sym("=")
        from right in OfKind(TokenKind.Integer, "integer")
        from close in Sym(")")
        where (long)left.Value! != (long)right.Value!
        select open;

    /// <summary><c>expression { "," expression }</c>.</summary>
    private static readonly Parser<IReadOnlyList<Expression>> ExpressionList = CommaList(Ref(() => Expression));

    /// <summary>An optional NOT.</summary>
    private static readonly Parser<IOption<Token>> OptionalNot = Kw("NOT").Optional();

    /// <summary><c>like_tail = ( "LIKE" | "ILIKE" ) concatenation ;</c></summary>
    internal static readonly Parser<Func<Expression, bool, Expression>> LikeTail =
        from op in Kw("LIKE").Or(Kw("ILIKE"))
        from pattern in Concatenation
        select (Func<Expression, bool, Expression>)((value, negated) =>
            new Like(value, pattern, negated, (string)op.Value! == "ILIKE") { Position = value.Position });

    /// <summary><c>concatenation = additive { "||" additive } ;</c></summary>
    internal static readonly Parser<Expression> Concatenation = BinaryChain(
        TokenKind.Operator, new Dictionary<string, BinaryOperator> { ["||"] = BinaryOperator.Concat }, Ref(() => Additive));

    /// <summary><c>additive = multiplicative { ( "+" | "-" ) multiplicative } ;</c></summary>
    internal static readonly Parser<Expression> Additive = BinaryChain(
        TokenKind.Operator, new Dictionary<string, BinaryOperator> { ["+"] = BinaryOperator.Add, ["-"] = BinaryOperator.Subtract },
        Ref(() => Multiplicative));

    /// <summary><c>multiplicative = unary { ( "*" | "/" | "%" ) unary } ;</c></summary>
    internal static readonly Parser<Expression> Multiplicative = BinaryChain(
        TokenKind.Operator,
        new Dictionary<string, BinaryOperator> { ["*"] = BinaryOperator.Multiply, ["/"] = BinaryOperator.Divide, ["%"] = BinaryOperator.Modulo },
        Ref(() => Unary));

    /// <summary><c>unary = ( "-" | "+" ) unary | postfix_cast ;</c> A minus before a number literal is folded into it.</summary>
    internal static readonly Parser<Expression> Unary = Dispatch(
        input => input.Token.Kind == TokenKind.Operator && input.Token.StringValue is "-" or "+" ? SignedUnary : PostfixCast);

    private static readonly Parser<Expression> SignedUnary =
        from sign in Sym("-").Or(Sym("+"))
        from operand in Unary
        select MakeUnary(sign, operand);

    /// <summary><c>postfix_cast = primary { "::" type_name } ;</c></summary>
    internal static readonly Parser<Expression> PostfixCast = Suffixes(
        Ref(() => Primary),
        t => t.Kind == TokenKind.Operator && t.StringValue == "::",
        from op in Sym("::")
        from type in TypeName
        select type,
        (operand, type) => (Expression)new Cast(operand, type.Type) { Position = operand.Position });

    /// <summary>
    /// <c>primary = parenthesized | literal | duration | parameter_reference | cast_expression | interval_literal
    /// | timestamp_literal | function_call | column_reference ;</c> The alternatives start with distinct tokens
    /// (a name followed by <c>(</c> is a call; INTERVAL or TIMESTAMP followed by a string is a literal), so the
    /// choice looks at the next two tokens instead of trying each alternative in turn.
    /// </summary>
    internal static readonly Parser<Expression> Primary = Dispatch(ChoosePrimary, "expression");

    private static Parser<Expression>? ChoosePrimary(TokenInput input)
    {
        var token = input.Token;
        switch (token.Kind)
        {
            case TokenKind.Integer or TokenKind.Decimal or TokenKind.String:
                return Literal;
            case TokenKind.Duration:
                return Duration;
            case TokenKind.Parameter:
                return ParameterReference;
            case TokenKind.Keyword:
                return token.StringValue switch
                {
                    "TRUE" or "FALSE" or "NULL" => Literal,
                    "CAST" => CastExpression,
                    _ => null,
                };
            case TokenKind.Punctuation:
                return token.StringValue == "(" ? Parenthesized : null;
            case TokenKind.Identifier or TokenKind.QuotedIdentifier:
                var next = Peek(input);
                if (next.Kind == TokenKind.Punctuation && next.StringValue == "(") return FunctionCall;
                if (token.Kind == TokenKind.Identifier && next.Kind == TokenKind.String)
                {
                    if (token.StringValue == "interval") return IntervalLiteral;
                    if (token.StringValue == "timestamp") return TimestampLiteral;
                }
                return ColumnReference;
            default:
                return null;
        }
    }

    /// <summary><c>parenthesized = "(" expression ")" ;</c></summary>
    internal static readonly Parser<Expression> Parenthesized =
        from open in Sym("(")
        from value in Expression
        from close in Sym(")")
        select value;

    /// <summary><c>literal = integer | decimal | string | "TRUE" | "FALSE" | "NULL" ;</c></summary>
    internal static readonly Parser<Expression> Literal = TokenValue(IsLiteral, MakeLiteral, "literal");

    /// <summary><c>duration = duration_token ;</c> (<c>5m</c>, <c>1h30m</c>, <c>250ms</c>)</summary>
    internal static readonly Parser<Expression> Duration =
        TokenValue(t => t.Kind == TokenKind.Duration, t => (Expression)new DurationLiteral((long)t.Value!, t.Text) { Position = At(t) }, "duration");

    /// <summary><c>parameter_reference = parameter ;</c> (<c>@name</c>, <c>:name</c>, <c>$name</c>, <c>$1</c>, <c>?</c>)</summary>
    internal static readonly Parser<Expression> ParameterReference =
        TokenValue(t => t.Kind == TokenKind.Parameter, MakeParameter, "parameter");

    /// <summary><c>cast_expression = "CAST" "(" expression "AS" type_name ")" ;</c></summary>
    internal static readonly Parser<Expression> CastExpression =
        from cast in Kw("CAST")
        from open in Sym("(")
        from value in Expression
        from @as in Kw("AS")
        from type in TypeName
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
        from args in CallArguments
        from close in Sym(")")
        from within in OptionalWithinGroup
        select (Expression)new Ast.FunctionCall(
            name.StringValue,
            args.IsDefined ? args.Get().Args : [],
            args.IsDefined && args.Get().Star,
            args.IsDefined && args.Get().Distinct,
            within.GetOrDefault()) { Position = At(name) };

    /// <summary>What can stand between the parentheses of a call.</summary>
    private static readonly Parser<IOption<(bool Star, bool Distinct, IReadOnlyList<Expression> Args)>> CallArguments = Dispatch(
        input => input.Token switch
        {
            { Kind: TokenKind.Punctuation, Text: ")" } => NoArguments,
            { Kind: TokenKind.Operator, Text: "*" } => StarArgument,
            { Kind: TokenKind.Keyword, Text: var word } when word.Equals("DISTINCT", StringComparison.OrdinalIgnoreCase) => DistinctArguments,
            _ => PlainArguments,
        });

    private static readonly Parser<IOption<(bool Star, bool Distinct, IReadOnlyList<Expression> Args)>> NoArguments =
        input => Result.Success(Absent<(bool, bool, IReadOnlyList<Expression>)>.Instance, input);

    private static readonly Parser<IOption<(bool Star, bool Distinct, IReadOnlyList<Expression> Args)>> StarArgument =
        Sym("*").Select(_ => (IOption<(bool, bool, IReadOnlyList<Expression>)>)new Present<(bool, bool, IReadOnlyList<Expression>)>((true, false, [])));

    private static readonly Parser<IOption<(bool Star, bool Distinct, IReadOnlyList<Expression> Args)>> DistinctArguments =
        from distinct in Kw("DISTINCT")
        from list in ExpressionList
        select (IOption<(bool, bool, IReadOnlyList<Expression>)>)new Present<(bool, bool, IReadOnlyList<Expression>)>((false, true, list));

    private static readonly Parser<IOption<(bool Star, bool Distinct, IReadOnlyList<Expression> Args)>> PlainArguments =
        Ref(() => ExpressionList).Select(list => (IOption<(bool, bool, IReadOnlyList<Expression>)>)new Present<(bool, bool, IReadOnlyList<Expression>)>((false, false, list)));

    private static readonly Parser<IOption<IReadOnlyList<OrderItem>>> OptionalWithinGroup = Clause("WITHIN", Ref(() => WithinGroup));

    /// <summary><c>within_group = "WITHIN" "GROUP" "(" "ORDER" "BY" order_item { "," order_item } ")" ;</c></summary>
    internal static readonly Parser<IReadOnlyList<OrderItem>> WithinGroup =
        from within in Kw("WITHIN")
        from g in Kw("GROUP")
        from open in Sym("(")
        from order in Kw("ORDER")
        from byKeyword in Kw("BY")
        from items in OrderItemList
        from close in Sym(")")
        select items;

    /// <summary><c>order_item { "," order_item }</c>.</summary>
    private static readonly Parser<IReadOnlyList<OrderItem>> OrderItemList = CommaList(Ref(() => OrderItem));

    /// <summary><c>column_reference = name [ "." name ] ;</c></summary>
    internal static readonly Parser<Expression> ColumnReference = OptionalSuffix(
        TokenValue(t => t.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier,
            t => (Expression)new ColumnRef(t.StringValue) { Position = At(t) }, "identifier"),
        t => t.Kind == TokenKind.Punctuation && t.StringValue == ".",
        from dot in Sym(".") from name in NameToken select name,
        (table, name) => new ColumnRef(name.StringValue, ((ColumnRef)table).Name) { Position = table.Position });

    private static readonly Parser<IOption<Token>> OptionalPrecision = Word("precision").Optional();

    private static readonly Parser<IOption<Token>> OptionalLength =
        (from open in Sym("(") from n in OfKind(TokenKind.Integer, "integer") from close in Sym(")") select n).Optional();

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
         from precision in OptionalPrecision
         select (SqlType.Double, precision.IsDefined ? "DOUBLE PRECISION" : "DOUBLE"))
        .Or(from word in Word("varchar")
            from length in OptionalLength
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
        var (kind, value) = t.Kind switch
        {
            TokenKind.Integer => (LiteralKind.Integer, t.Value),
            TokenKind.Decimal => (LiteralKind.Decimal, t.Value),
            TokenKind.String => (LiteralKind.String, t.Value),
            _ => (string)t.Value! switch
            {
                "TRUE" => (LiteralKind.Boolean, (object?)true),
                "FALSE" => (LiteralKind.Boolean, false),
                _ => (LiteralKind.Null, null),
            },
        };
        return new Ast.Literal(kind, value) { Position = At(t) };
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
