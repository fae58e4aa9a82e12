using Chronicle.Sql.Syntax;
using Sprache;
using Ast = Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Parsing;

/// <summary>Statement rules. Each field is named after its production in grammar/chronicle.ebnf.</summary>
internal static partial class Grammar
{
    /// <summary>
    /// <c>script = [ statement ] { ";" [ statement ] } end_of_input ;</c> A loop rather than
    /// Optional/Many: a statement that fails after its first token fails the script there.
    /// </summary>
    internal static readonly Parser<IReadOnlyList<Statement>> Script = input =>
    {
        var statements = new List<Statement>(1);
        var rest = (TokenInput)input;
        while (true)
        {
            var token = rest.Token;
            if (token.Kind == TokenKind.Punctuation && token.StringValue == ";")
            {
                rest = (TokenInput)rest.Advance();
                continue;
            }
            if (token.Kind == TokenKind.End) return Result.Success<IReadOnlyList<Statement>>(statements.ToArray(), rest);
            var statement = Statement!(rest);
            if (!statement.WasSuccessful)
            {
                rest.State.Fail(rest.Index, "';'");
                rest.State.Fail(rest.Index, "end of input");
                return Result.Failure<IReadOnlyList<Statement>>(statement.Remainder, statement.Message, statement.Expectations);
            }
            statements.Add(statement.Value);
            rest = (TokenInput)statement.Remainder;
            token = rest.Token;
            if (token.Kind == TokenKind.End) return Result.Success<IReadOnlyList<Statement>>(statements.ToArray(), rest);
            if (token.Kind != TokenKind.Punctuation || token.StringValue != ";")
            {
                rest.State.Fail(rest.Index, "';'");
                rest.State.Fail(rest.Index, "end of input");
                return Result.Failure<IReadOnlyList<Statement>>(rest, "expected ';' or end of input", ["';'", "end of input"]);
            }
        }
    };

    /// <summary>
    /// <c>statement = select_statement | insert_statement | create_table_statement | drop_table_statement
    /// | show_statement | describe_statement | delete_statement | explain_statement | copy_statement ;</c>
    /// </summary>
    internal static readonly Parser<Statement> Statement = Dispatch(
        input => input.Token.Kind != TokenKind.Keyword ? null : input.Token.StringValue switch
        {
            "SELECT" => SelectAsStatement,
            "INSERT" => InsertStatement,
            "CREATE" => CreateTableStatement,
            "DROP" => DropTableStatement,
            "SHOW" => ShowStatement,
            "DESCRIBE" or "DESC" => DescribeStatement,
            "DELETE" => DeleteStatement,
            "EXPLAIN" => ExplainStatement,
            "COPY" => CopyStatement,
            _ => null,
        },
        "SELECT", "INSERT", "CREATE", "DROP", "SHOW", "DESCRIBE", "DESC", "DELETE", "EXPLAIN", "COPY");

    private static readonly Parser<Statement> SelectAsStatement = Ref(() => SelectStatement).Select(s => (Statement)s);

    /// <summary>
    /// <c>create_table_statement = "CREATE" "TABLE" [ "IF" "NOT" "EXISTS" ] name
    /// "(" column_definition { "," column_definition } ")" [ table_options ] ;</c>
    /// </summary>
    internal static readonly Parser<Statement> CreateTableStatement =
        from create in Kw("CREATE")
        from table in Kw("TABLE")
        from ifNotExists in OptionalIfNotExists
        from name in Name
        from open in Sym("(")
        from columns in ColumnDefinitions
        from close in Sym(")")
        from options in OptionalTableOptions
        select (Statement)new Ast.CreateTableStatement(
            name, ifNotExists.IsDefined, columns, options.GetOrElse([])) { Position = At(create) };

    private static readonly Parser<IOption<bool>> OptionalIfNotExists =
        (from @if in Kw("IF") from not in Kw("NOT") from exists in Kw("EXISTS") select true).XOptional();

    private static readonly Parser<IReadOnlyList<ColumnDefinition>> ColumnDefinitions = CommaList(Ref(() => ColumnDefinition));

    private static readonly Parser<IOption<IReadOnlyList<TableOption>>> OptionalTableOptions = Ref(() => TableOptions).XOptional();

    /// <summary><c>column_definition = name column_type ;</c></summary>
    internal static readonly Parser<ColumnDefinition> ColumnDefinition =
        from name in NameToken
        from type in ColumnType
        select new ColumnDefinition(name.StringValue, type.Role, type.Type, type.Text) { Position = At(name) };

    /// <summary><c>column_type = "TAG" | type_name ;</c> (TIMESTAMP makes the time column; INTERVAL is not a column type)</summary>
    internal static readonly Parser<(ColumnRole Role, SqlType Type, string Text)> ColumnType =
        Word("tag").Return((ColumnRole.Tag, SqlType.Varchar, "TAG"))
            .Or(from type in Ref(() => TypeName)
                where type.Type != SqlType.Interval
                select (type.Type == SqlType.Timestamp ? ColumnRole.Time : ColumnRole.Field, type.Type, type.Text))
            .NamedAs("column type");

    /// <summary><c>table_options = "WITH" "(" table_option { "," table_option } ")" ;</c></summary>
    internal static readonly Parser<IReadOnlyList<TableOption>> TableOptions =
        from with in Kw("WITH")
        from open in Sym("(")
        from options in TableOptionList
        from close in Sym(")")
        select options;

    private static readonly Parser<IReadOnlyList<TableOption>> TableOptionList = CommaList(Ref(() => TableOption));

    /// <summary><c>table_option = name "=" ( literal | duration | interval_literal ) ;</c></summary>
    internal static readonly Parser<TableOption> TableOption =
        from name in NameToken
        from eq in Sym("=")
        from value in OptionValue
        select new TableOption(name.StringValue, value) { Position = At(name) };

    private static readonly Parser<Expression> OptionValue =
        Ref(() => Literal).Or(Ref(() => Duration)).Or(Ref(() => IntervalLiteral)).NamedAs("option value");

    /// <summary><c>drop_table_statement = "DROP" "TABLE" [ "IF" "EXISTS" ] name ;</c></summary>
    internal static readonly Parser<Statement> DropTableStatement =
        from drop in Kw("DROP")
        from table in Kw("TABLE")
        from ifExists in OptionalIfExists
        from name in Name
        select (Statement)new Ast.DropTableStatement(name, ifExists.IsDefined) { Position = At(drop) };

    private static readonly Parser<IOption<bool>> OptionalIfExists =
        (from @if in Kw("IF") from exists in Kw("EXISTS") select true).XOptional();

    /// <summary><c>show_statement = "SHOW" ( "TABLES" | "COLUMNS" "FROM" name ) ;</c></summary>
    internal static readonly Parser<Statement> ShowStatement =
        from show in Kw("SHOW")
        from what in ShowWhat
        select what is null
            ? (Statement)new ShowTablesStatement { Position = At(show) }
            : new Ast.DescribeStatement(what) { Position = At(show) };

    /// <summary>TABLES (null) or COLUMNS FROM name (the name).</summary>
    private static readonly Parser<string?> ShowWhat =
        Word("tables").Return((string?)null)
            .Or(from columns in Word("columns")
                from f in Kw("FROM")
                from name in Name
                select (string?)name);

    /// <summary><c>describe_statement = ( "DESCRIBE" | "DESC" ) name ;</c></summary>
    internal static readonly Parser<Statement> DescribeStatement =
        from describe in Kw("DESCRIBE").Or(Kw("DESC"))
        from name in Name
        select (Statement)new Ast.DescribeStatement(name) { Position = At(describe) };

    /// <summary><c>insert_statement = "INSERT" "INTO" name [ column_list ] "VALUES" value_row { "," value_row } ;</c></summary>
    internal static readonly Parser<Statement> InsertStatement =
        from insert in Kw("INSERT")
        from intoKeyword in Kw("INTO")
        from name in Name
        from columns in OptionalColumnList
        from values in Kw("VALUES")
        from rows in ValueRows
        select MakeInsert(insert, name, columns.GetOrDefault(), rows);

    private static readonly Parser<IOption<IReadOnlyList<string>>> OptionalColumnList = Ref(() => ColumnList).XOptional();

    private static readonly Parser<IReadOnlyList<(Token Open, IReadOnlyList<Expression> Values)>> ValueRows = CommaList(Ref(() => ValueRow));

    /// <summary><c>column_list = "(" name { "," name } ")" ;</c></summary>
    internal static readonly Parser<IReadOnlyList<string>> ColumnList =
        from open in Sym("(")
        from names in NameList
        from close in Sym(")")
        select names;

    private static readonly Parser<IReadOnlyList<string>> NameList = CommaList(Ref(() => Name));

    /// <summary><c>value_row = "(" expression { "," expression } ")" ;</c></summary>
    internal static readonly Parser<(Token Open, IReadOnlyList<Expression> Values)> ValueRow =
        from open in Sym("(")
        from values in ExpressionList
        from close in Sym(")")
        select (open, values);

    /// <summary>
    /// <c>select_statement = "SELECT" [ "DISTINCT" | "ALL" ] select_list [ from_clause ] [ where_clause ]
    /// [ group_by_clause ] [ sample_by_clause ] [ having_clause ] [ order_by_clause ] [ limit_clause ] [ offset_clause ] ;</c>
    /// </summary>
    internal static readonly Parser<SelectStatement> SelectStatement =
        from selectKeyword in Kw("SELECT")
        from quantifier in OptionalQuantifier
        from items in SelectList
        from fromClause in OptionalFrom
        from whereClause in OptionalWhere
        from groupBy in OptionalGroupBy
        from sampleBy in OptionalSampleBy
        from having in OptionalHaving
        from orderBy in OptionalOrderBy
        from limit in OptionalLimit
        from offset in OptionalOffset
        select new Ast.SelectStatement(
            quantifier.IsDefined && (string)quantifier.Get().Value! == "DISTINCT",
            items,
            fromClause.GetOrDefault(),
            whereClause.GetOrDefault(),
            groupBy.GetOrElse([]),
            sampleBy.GetOrDefault(),
            having.GetOrDefault(),
            orderBy.GetOrElse([]),
            limit.GetOrDefault(),
            offset.GetOrDefault()) { Position = At(selectKeyword) };

    private static readonly Parser<IOption<Token>> OptionalQuantifier = Dispatch(
        input => input.Token.Kind == TokenKind.Keyword && input.Token.StringValue is "DISTINCT" or "ALL" ? Quantifier : NoQuantifier);

    private static readonly Parser<IOption<Token>> Quantifier = Kw("DISTINCT").Or(Kw("ALL")).Optional();

    /// <summary>No DISTINCT or ALL: records both as expected and succeeds without consuming.</summary>
    private static readonly Parser<IOption<Token>> NoQuantifier = input =>
    {
        var tokens = (TokenInput)input;
        tokens.State.Fail(tokens.Index, "DISTINCT");
        tokens.State.Fail(tokens.Index, "ALL");
        return Result.Success(Absent<Token>.Instance, input);
    };
    private static readonly Parser<IOption<TableReference>> OptionalFrom = Clause("FROM", Ref(() => FromClause));
    private static readonly Parser<IOption<Expression>> OptionalWhere = Clause("WHERE", Ref(() => WhereClause));
    private static readonly Parser<IOption<IReadOnlyList<Expression>>> OptionalGroupBy = Clause("GROUP", Ref(() => GroupByClause));
    private static readonly Parser<IOption<Expression>> OptionalSampleBy = Clause("SAMPLE", Ref(() => SampleByClause));
    private static readonly Parser<IOption<Expression>> OptionalHaving = Clause("HAVING", Ref(() => HavingClause));
    private static readonly Parser<IOption<IReadOnlyList<OrderItem>>> OptionalOrderBy = Clause("ORDER", Ref(() => OrderByClause));
    private static readonly Parser<IOption<Expression>> OptionalLimit = Clause("LIMIT", Ref(() => LimitClause));
    private static readonly Parser<IOption<Expression>> OptionalOffset = Clause("OFFSET", Ref(() => OffsetClause));
    private static readonly Parser<IOption<string>> OptionalAlias = Dispatch<IOption<string>>(
        input => input.Token.Kind switch
        {
            TokenKind.Keyword when input.Token.StringValue == "AS" => AliasPresent,
            TokenKind.Identifier or TokenKind.QuotedIdentifier => AliasOrNone,
            _ => NoAlias,
        });

    private static readonly Parser<IOption<string>> AliasPresent = Ref(() => Alias).Select(a => (IOption<string>)new Present<string>(a));

    /// <summary>No alias: records AS as the expected word and succeeds without consuming.</summary>
    private static readonly Parser<IOption<string>> NoAlias = input =>
    {
        var tokens = (TokenInput)input;
        tokens.State.Fail(tokens.Index, "AS");
        return Result.Success(Absent<string>.Instance, input);
    };

    private static readonly Parser<IOption<string>> AliasOrNone = AliasPresent.Or(NoAlias);

    /// <summary><c>select_list = select_item { "," select_item } ;</c></summary>
    internal static readonly Parser<IReadOnlyList<SelectItem>> SelectList = CommaList(Ref(() => SelectItem));

    /// <summary><c>select_item = "*" | name "." "*" | expression [ alias ] ;</c></summary>
    internal static readonly Parser<SelectItem> SelectItem = Dispatch(
        input =>
        {
            var token = input.Token;
            if (token.Kind == TokenKind.Operator && token.StringValue == "*") return StarItem;
            if (token.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
            {
                var tokens = input.State.Tokens;
                if (input.Index + 2 < tokens.Count && tokens[input.Index + 1].Text == "." && tokens[input.Index + 2].Text == "*")
                    return QualifiedStarItem;
            }
            return ExpressionItem;
        });

    private static readonly Parser<SelectItem> StarItem =
        from star in Sym("*")
        select new SelectItem(null, null, true) { Position = At(star) };

    private static readonly Parser<SelectItem> QualifiedStarItem =
        from table in NameToken
        from dot in Sym(".")
        from star in Sym("*")
        select new SelectItem(null, null, true, table.StringValue) { Position = At(table) };

    private static readonly Parser<SelectItem> ExpressionItem =
        (from value in Ref(() => Expression)
         from alias in OptionalAlias
         select new SelectItem(value, alias.GetOrDefault()) { Position = value.Position })
        .NamedAs("select item");

    /// <summary><c>alias = "AS" name | name ;</c> (without AS, a name one typo away from a clause keyword is refused)</summary>
    internal static readonly Parser<string> Alias =
        (from @as in Kw("AS") from name in Ref(() => Name) select name).Or(ImplicitAlias);

    /// <summary><c>from_clause = "FROM" name [ alias ] ;</c></summary>
    internal static readonly Parser<TableReference> FromClause =
        from f in Kw("FROM")
        from name in NameToken
        from alias in OptionalAlias
        select new TableReference(name.StringValue, alias.GetOrDefault()) { Position = At(name) };

    /// <summary><c>where_clause = "WHERE" expression ;</c></summary>
    internal static readonly Parser<Expression> WhereClause =
        from whereClause in Kw("WHERE")
        from condition in Expression
        select condition;

    /// <summary><c>group_by_clause = "GROUP" "BY" expression { "," expression } ;</c></summary>
    internal static readonly Parser<IReadOnlyList<Expression>> GroupByClause =
        from g in Kw("GROUP")
        from byKeyword in Kw("BY")
        from keys in ExpressionList
        select keys;

    /// <summary><c>sample_by_clause = "SAMPLE" "BY" ( duration | interval_literal | string | parameter ) ;</c></summary>
    internal static readonly Parser<Expression> SampleByClause =
        from sample in Kw("SAMPLE")
        from byKeyword in Kw("BY")
        from width in SampleWidth
        select width;

    private static readonly Parser<Expression> SampleWidth =
        Ref(() => Duration)
            .Or(Ref(() => IntervalLiteral))
            .Or(TokenValue(t => t.Kind == TokenKind.String, MakeLiteral, "string"))
            .Or(Ref(() => ParameterReference))
            .NamedAs("duration");

    /// <summary><c>having_clause = "HAVING" expression ;</c></summary>
    internal static readonly Parser<Expression> HavingClause =
        from having in Kw("HAVING")
        from condition in Expression
        select condition;

    /// <summary><c>order_by_clause = "ORDER" "BY" order_item { "," order_item } ;</c></summary>
    internal static readonly Parser<IReadOnlyList<OrderItem>> OrderByClause =
        from order in Kw("ORDER")
        from byKeyword in Kw("BY")
        from items in OrderItemList
        select items;

    /// <summary><c>order_item = expression [ "ASC" | "DESC" ] [ "NULLS" ( "FIRST" | "LAST" ) ] ;</c></summary>
    internal static readonly Parser<OrderItem> OrderItem =
        from key in Ref(() => Expression)
        from direction in OptionalDirection
        from nulls in OptionalNulls
        select new OrderItem(
            key,
            direction.IsDefined && (string)direction.Get().Value! == "DESC",
            nulls.IsDefined ? nulls.Get() : null) { Position = key.Position };

    private static readonly Parser<IOption<Token>> OptionalDirection = Kw("ASC").Or(Kw("DESC")).Optional();

    private static readonly Parser<IOption<bool>> OptionalNulls =
        (from n in Word("nulls")
         from which in Word("first").Return(true).Or(Word("last").Return(false))
         select which).XOptional();

    /// <summary><c>limit_clause = "LIMIT" count_value ;</c></summary>
    internal static readonly Parser<Expression> LimitClause =
        from limit in Kw("LIMIT")
        from count in CountValue
        select count;

    /// <summary><c>offset_clause = "OFFSET" count_value ;</c></summary>
    internal static readonly Parser<Expression> OffsetClause =
        from offset in Kw("OFFSET")
        from count in CountValue
        select count;

    /// <summary><c>count_value = integer | parameter ;</c></summary>
    internal static readonly Parser<Expression> CountValue =
        OfKind(TokenKind.Integer, "integer").Select(MakeLiteral).Or(Ref(() => ParameterReference));

    /// <summary><c>delete_statement = "DELETE" "FROM" name [ where_clause ] ;</c></summary>
    internal static readonly Parser<Statement> DeleteStatement =
        from delete in Kw("DELETE")
        from f in Kw("FROM")
        from name in Name
        from whereClause in OptionalWhere
        select (Statement)new Ast.DeleteStatement(name, whereClause.GetOrDefault()) { Position = At(delete) };

    /// <summary><c>explain_statement = "EXPLAIN" [ "ANALYZE" ] select_statement ;</c></summary>
    internal static readonly Parser<Statement> ExplainStatement =
        from explain in Kw("EXPLAIN")
        from analyze in OptionalAnalyze
        from query in SelectStatement
        select (Statement)new Ast.ExplainStatement(query, analyze.IsDefined) { Position = At(explain) };

    private static readonly Parser<IOption<Token>> OptionalAnalyze = Word("analyze").Optional();

    /// <summary>
    /// <c>copy_statement = "COPY" ( "(" select_statement ")" "TO" string | name ( "TO" | "FROM" ) string ) [ copy_options ] ;</c>
    /// </summary>
    internal static readonly Parser<Statement> CopyStatement =
        from copy in Kw("COPY")
        from statement in
            (from open in Sym("(")
             from query in SelectStatement
             from close in Sym(")")
             from to in Kw("TO")
             from path in OfKind(TokenKind.String, "string")
             from options in OptionalCopyOptions
             select MakeCopyTo(copy, query, path.StringValue, options.GetOrDefault()))
            .Or(from name in NameToken
                from direction in ToOrFrom
                from path in OfKind(TokenKind.String, "string")
                from options in OptionalCopyOptions
                select MakeCopy(copy, name, (string)direction.Value! == "TO", path.StringValue, options.GetOrDefault()))
        select statement;

    private static readonly Parser<IOption<CopySettings>> OptionalCopyOptions = Ref(() => CopyOptions).XOptional();

    private static readonly Parser<Token> ToOrFrom = Kw("TO").Or(Kw("FROM"));

    /// <summary><c>copy_options = [ "WITH" ] "(" copy_option { "," copy_option } ")" ;</c></summary>
    internal static readonly Parser<CopySettings> CopyOptions =
        from with in Kw("WITH").Optional()
        from open in Sym("(")
        from first in Ref(() => CopyOption)
        from rest in (from comma in Sym(",") from option in Ref(() => CopyOption) select option).XMany()
        from close in Sym(")")
        select CopySettings.Combine(first, rest);

    /// <summary><c>copy_option = "FORMAT" ( "ARROW" | "ARROW_STREAM" | "CSV" ) | "TIME_COLUMN" ( string | "NONE" ) ;</c></summary>
    internal static readonly Parser<CopySettings> CopyOption =
        (from format in Word("format")
         from kind in Ref(() => CopyFormatName)
         select new CopySettings(format, kind, null))
        .Or(from option in Word("time_column")
            from column in OfKind(TokenKind.String, "string").Or(Word("none"))
            select new CopySettings(option, null, column));

    private static readonly Parser<CopyFormat> CopyFormatName =
        Word("arrow").Return(CopyFormat.Arrow).Or(Word("arrow_stream").Return(CopyFormat.ArrowStream)).Or(Word("csv").Return(CopyFormat.Csv));

    /// <summary>The options of one COPY: the format (default ARROW) and the TIME_COLUMN token (a string or NONE), each given at most once.</summary>
    internal sealed record CopySettings(Token? First, CopyFormat? Format, Token? TimeColumn)
    {
        public static CopySettings Combine(CopySettings first, IEnumerable<CopySettings> rest)
        {
            var result = first;
            foreach (var o in rest)
            {
                if ((o.Format is not null && result.Format is not null) || (o.TimeColumn is not null && result.TimeColumn is not null))
                    throw new ChronicleSqlException($"line {o.First!.Line}, column {o.First.Column}: COPY option {o.First.Text.ToUpperInvariant()} is given twice", o.First.Line, o.First.Column);
                result = new CopySettings(result.First, result.Format ?? o.Format, result.TimeColumn ?? o.TimeColumn);
            }
            return result;
        }
    }

    private static Statement MakeCopyTo(Token copy, Ast.SelectStatement query, string path, CopySettings? options)
    {
        if (options?.TimeColumn is { } t)
            throw new ChronicleSqlException($"line {t.Line}, column {t.Column}: TIME_COLUMN applies only to COPY ... FROM", t.Line, t.Column);
        return new CopyToStatement(query, path, options?.Format ?? CopyFormat.Arrow) { Position = At(copy) };
    }

    /// <summary><c>name = identifier | quoted_identifier ;</c></summary>
    internal static readonly Parser<string> Name = NameToken.Select(t => t.StringValue);

    private static Statement MakeInsert(Token insert, string table, IReadOnlyList<string>? columns, IReadOnlyList<(Token Open, IReadOnlyList<Expression> Values)> rows)
    {
        var width = columns?.Count ?? rows[0].Values.Count;
        foreach (var (open, values) in rows)
        {
            if (values.Count != width)
                throw new ChronicleSqlException(open.Line, open.Column, $"row of {Values(values.Count)}", [Values(width)]);
        }
        return new Ast.InsertStatement(table, columns, rows.Select(r => r.Values).ToArray()) { Position = At(insert) };
    }

    private static string Values(int count) => count == 1 ? "1 value" : $"{count} values";

    private static Statement MakeCopy(Token copy, Token name, bool to, string path, CopySettings? options)
    {
        var format = options?.Format ?? CopyFormat.Arrow;
        if (!to)
        {
            var time = options?.TimeColumn;
            bool none = time is { Kind: TokenKind.Identifier };
            return new CopyFromStatement(name.StringValue, path, format)
            {
                Position = At(copy),
                TimeColumn = time is null || none ? null : time.StringValue,
                NumberRows = none,
            };
        }
        var query = new Ast.SelectStatement(false, [new SelectItem(null, null, true) { Position = At(name) }],
            new TableReference(name.StringValue) { Position = At(name) }, null, [], null, null, [], null, null) { Position = At(name) };
        return MakeCopyTo(copy, query, path, options);
    }
}
