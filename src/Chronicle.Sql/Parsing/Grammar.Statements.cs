using Chronicle.Sql.Syntax;
using Sprache;
using Ast = Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Parsing;

/// <summary>Statement rules. Each field is named after its production in grammar/chronicle.ebnf.</summary>
internal static partial class Grammar
{
    /// <summary><c>script = [ statement ] { ";" [ statement ] } end_of_input ;</c></summary>
    internal static readonly Parser<IReadOnlyList<Statement>> Script =
        from first in Ref(() => Statement).Optional()
        from rest in (from semicolon in Sym(";")
                      from statement in Ref(() => Statement).Optional()
                      select statement).Many()
        from end in EndOfInput
        select (IReadOnlyList<Statement>)rest.Prepend(first).Where(s => s.IsDefined).Select(s => s.Get()).ToArray();

    /// <summary>
    /// <c>statement = select_statement | insert_statement | create_table_statement | drop_table_statement
    /// | show_statement | describe_statement | delete_statement | explain_statement | copy_statement ;</c>
    /// </summary>
    internal static readonly Parser<Statement> Statement =
        Ref(() => SelectStatement).Select(s => (Statement)s)
            .XOr(Ref(() => InsertStatement))
            .XOr(Ref(() => CreateTableStatement))
            .XOr(Ref(() => DropTableStatement))
            .XOr(Ref(() => ShowStatement))
            .XOr(Ref(() => DescribeStatement))
            .XOr(Ref(() => DeleteStatement))
            .XOr(Ref(() => ExplainStatement))
            .XOr(Ref(() => CopyStatement));

    /// <summary>
    /// <c>create_table_statement = "CREATE" "TABLE" [ "IF" "NOT" "EXISTS" ] name
    /// "(" column_definition { "," column_definition } ")" [ table_options ] ;</c>
    /// </summary>
    internal static readonly Parser<Statement> CreateTableStatement =
        from create in Kw("CREATE")
        from table in Kw("TABLE")
        from ifNotExists in (from @if in Kw("IF") from not in Kw("NOT") from exists in Kw("EXISTS") select true).XOptional()
        from name in Ref(() => Name)
        from open in Sym("(")
        from columns in Ref(() => ColumnDefinition).XDelimitedBy(Sym(","))
        from close in Sym(")")
        from options in Ref(() => TableOptions).XOptional()
        select (Statement)new Ast.CreateTableStatement(
            name, ifNotExists.IsDefined, columns.ToArray(), options.GetOrElse([])) { Position = At(create) };

    /// <summary><c>column_definition = name column_type ;</c></summary>
    internal static readonly Parser<ColumnDefinition> ColumnDefinition =
        from name in NameToken
        from type in Ref(() => ColumnType)
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
        from options in Ref(() => TableOption).XDelimitedBy(Sym(","))
        from close in Sym(")")
        select (IReadOnlyList<TableOption>)options.ToArray();

    /// <summary><c>table_option = name "=" ( literal | duration | interval_literal ) ;</c></summary>
    internal static readonly Parser<TableOption> TableOption =
        from name in NameToken
        from eq in Sym("=")
        from value in Ref(() => Literal).Or(Ref(() => Duration)).Or(Ref(() => IntervalLiteral)).NamedAs("option value")
        select new TableOption(name.StringValue, value) { Position = At(name) };

    /// <summary><c>drop_table_statement = "DROP" "TABLE" [ "IF" "EXISTS" ] name ;</c></summary>
    internal static readonly Parser<Statement> DropTableStatement =
        from drop in Kw("DROP")
        from table in Kw("TABLE")
        from ifExists in (from @if in Kw("IF") from exists in Kw("EXISTS") select true).XOptional()
        from name in Ref(() => Name)
        select (Statement)new Ast.DropTableStatement(name, ifExists.IsDefined) { Position = At(drop) };

    /// <summary><c>show_statement = "SHOW" ( "TABLES" | "COLUMNS" "FROM" name ) ;</c></summary>
    internal static readonly Parser<Statement> ShowStatement =
        from show in Kw("SHOW")
        from statement in Word("tables").Return((Statement)new ShowTablesStatement { Position = At(show) })
            .Or(from columns in Word("columns")
                from f in Kw("FROM")
                from name in Ref(() => Name)
                select (Statement)new Ast.DescribeStatement(name) { Position = At(show) })
        select statement;

    /// <summary><c>describe_statement = ( "DESCRIBE" | "DESC" ) name ;</c></summary>
    internal static readonly Parser<Statement> DescribeStatement =
        from describe in Kw("DESCRIBE").Or(Kw("DESC"))
        from name in Ref(() => Name)
        select (Statement)new Ast.DescribeStatement(name) { Position = At(describe) };

    /// <summary><c>insert_statement = "INSERT" "INTO" name [ column_list ] "VALUES" value_row { "," value_row } ;</c></summary>
    internal static readonly Parser<Statement> InsertStatement =
        from insert in Kw("INSERT")
        from intoKeyword in Kw("INTO")
        from name in Ref(() => Name)
        from columns in Ref(() => ColumnList).XOptional()
        from values in Kw("VALUES")
        from rows in Ref(() => ValueRow).XDelimitedBy(Sym(","))
        select MakeInsert(insert, name, columns.GetOrDefault(), rows.ToArray());

    /// <summary><c>column_list = "(" name { "," name } ")" ;</c></summary>
    internal static readonly Parser<IReadOnlyList<string>> ColumnList =
        from open in Sym("(")
        from names in Ref(() => Name).XDelimitedBy(Sym(","))
        from close in Sym(")")
        select (IReadOnlyList<string>)names.ToArray();

    /// <summary><c>value_row = "(" expression { "," expression } ")" ;</c></summary>
    internal static readonly Parser<(Token Open, IReadOnlyList<Expression> Values)> ValueRow =
        from open in Sym("(")
        from values in Ref(() => Expression).XDelimitedBy(Sym(","))
        from close in Sym(")")
        select (open, (IReadOnlyList<Expression>)values.ToArray());

    /// <summary>
    /// <c>select_statement = "SELECT" [ "DISTINCT" | "ALL" ] select_list [ from_clause ] [ where_clause ]
    /// [ group_by_clause ] [ sample_by_clause ] [ having_clause ] [ order_by_clause ] [ limit_clause ] [ offset_clause ] ;</c>
    /// </summary>
    internal static readonly Parser<SelectStatement> SelectStatement =
        from selectKeyword in Kw("SELECT")
        from quantifier in Kw("DISTINCT").Or(Kw("ALL")).Optional()
        from items in Ref(() => SelectList)
        from fromClause in Ref(() => FromClause).XOptional()
        from whereClause in Ref(() => WhereClause).XOptional()
        from groupBy in Ref(() => GroupByClause).XOptional()
        from sampleBy in Ref(() => SampleByClause).XOptional()
        from having in Ref(() => HavingClause).XOptional()
        from orderBy in Ref(() => OrderByClause).XOptional()
        from limit in Ref(() => LimitClause).XOptional()
        from offset in Ref(() => OffsetClause).XOptional()
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

    /// <summary><c>select_list = select_item { "," select_item } ;</c></summary>
    internal static readonly Parser<IReadOnlyList<SelectItem>> SelectList =
        from items in Ref(() => SelectItem).XDelimitedBy(Sym(","))
        select (IReadOnlyList<SelectItem>)items.ToArray();

    /// <summary><c>select_item = "*" | name "." "*" | expression [ alias ] ;</c></summary>
    internal static readonly Parser<SelectItem> SelectItem =
        (from star in Sym("*", record: false)
         select new SelectItem(null, null, true) { Position = At(star) })
        .Or(from table in NameToken
            from dot in Sym(".", record: false)
            from star in Sym("*", record: false)
            select new SelectItem(null, null, true, table.StringValue) { Position = At(table) })
        .Or(from value in Ref(() => Expression)
            from alias in Ref(() => Alias).XOptional()
            select new SelectItem(value, alias.GetOrDefault()) { Position = value.Position })
        .NamedAs("select item");

    /// <summary><c>alias = "AS" name | name ;</c> (without AS, a name one typo away from a clause keyword is refused)</summary>
    internal static readonly Parser<string> Alias =
        (from @as in Kw("AS") from name in Ref(() => Name) select name).Or(ImplicitAlias);

    /// <summary><c>from_clause = "FROM" name [ alias ] ;</c></summary>
    internal static readonly Parser<TableReference> FromClause =
        from f in Kw("FROM")
        from name in NameToken
        from alias in Ref(() => Alias).XOptional()
        select new TableReference(name.StringValue, alias.GetOrDefault()) { Position = At(name) };

    /// <summary><c>where_clause = "WHERE" expression ;</c></summary>
    internal static readonly Parser<Expression> WhereClause =
        from whereClause in Kw("WHERE")
        from condition in Ref(() => Expression)
        select condition;

    /// <summary><c>group_by_clause = "GROUP" "BY" expression { "," expression } ;</c></summary>
    internal static readonly Parser<IReadOnlyList<Expression>> GroupByClause =
        from g in Kw("GROUP")
        from byKeyword in Kw("BY")
        from keys in Ref(() => Expression).XDelimitedBy(Sym(","))
        select (IReadOnlyList<Expression>)keys.ToArray();

    /// <summary><c>sample_by_clause = "SAMPLE" "BY" ( duration | interval_literal | string | parameter ) ;</c></summary>
    internal static readonly Parser<Expression> SampleByClause =
        from sample in Kw("SAMPLE")
        from byKeyword in Kw("BY")
        from width in Ref(() => Duration)
            .Or(Ref(() => IntervalLiteral))
            .Or(TokenWhere(t => t.Kind == TokenKind.String, "string").Select(MakeLiteral))
            .Or(Ref(() => ParameterReference))
            .NamedAs("duration")
        select width;

    /// <summary><c>having_clause = "HAVING" expression ;</c></summary>
    internal static readonly Parser<Expression> HavingClause =
        from having in Kw("HAVING")
        from condition in Ref(() => Expression)
        select condition;

    /// <summary><c>order_by_clause = "ORDER" "BY" order_item { "," order_item } ;</c></summary>
    internal static readonly Parser<IReadOnlyList<OrderItem>> OrderByClause =
        from order in Kw("ORDER")
        from byKeyword in Kw("BY")
        from items in Ref(() => OrderItem).XDelimitedBy(Sym(","))
        select (IReadOnlyList<OrderItem>)items.ToArray();

    /// <summary><c>order_item = expression [ "ASC" | "DESC" ] [ "NULLS" ( "FIRST" | "LAST" ) ] ;</c></summary>
    internal static readonly Parser<OrderItem> OrderItem =
        from key in Ref(() => Expression)
        from direction in Kw("ASC").Or(Kw("DESC")).Optional()
        from nulls in (from n in Word("nulls")
                       from which in Word("first").Return(true).Or(Word("last").Return(false))
                       select which).XOptional()
        select new OrderItem(
            key,
            direction.IsDefined && (string)direction.Get().Value! == "DESC",
            nulls.IsDefined ? nulls.Get() : null) { Position = key.Position };

    /// <summary><c>limit_clause = "LIMIT" count_value ;</c></summary>
    internal static readonly Parser<Expression> LimitClause =
        from limit in Kw("LIMIT")
        from count in Ref(() => CountValue)
        select count;

    /// <summary><c>offset_clause = "OFFSET" count_value ;</c></summary>
    internal static readonly Parser<Expression> OffsetClause =
        from offset in Kw("OFFSET")
        from count in Ref(() => CountValue)
        select count;

    /// <summary><c>count_value = integer | parameter ;</c></summary>
    internal static readonly Parser<Expression> CountValue =
        OfKind(TokenKind.Integer, "integer").Select(MakeLiteral).Or(Ref(() => ParameterReference));

    /// <summary><c>delete_statement = "DELETE" "FROM" name [ where_clause ] ;</c></summary>
    internal static readonly Parser<Statement> DeleteStatement =
        from delete in Kw("DELETE")
        from f in Kw("FROM")
        from name in Ref(() => Name)
        from whereClause in Ref(() => WhereClause).XOptional()
        select (Statement)new Ast.DeleteStatement(name, whereClause.GetOrDefault()) { Position = At(delete) };

    /// <summary><c>explain_statement = "EXPLAIN" [ "ANALYZE" ] select_statement ;</c></summary>
    internal static readonly Parser<Statement> ExplainStatement =
        from explain in Kw("EXPLAIN")
        from analyze in Word("analyze").Optional()
        from query in Ref(() => SelectStatement)
        select (Statement)new Ast.ExplainStatement(query, analyze.IsDefined) { Position = At(explain) };

    /// <summary>
    /// <c>copy_statement = "COPY" ( "(" select_statement ")" "TO" string | name ( "TO" | "FROM" ) string ) [ copy_options ] ;</c>
    /// </summary>
    internal static readonly Parser<Statement> CopyStatement =
        from copy in Kw("COPY")
        from statement in
            (from open in Sym("(")
             from query in Ref(() => SelectStatement)
             from close in Sym(")")
             from to in Kw("TO")
             from path in OfKind(TokenKind.String, "string")
             from format in Ref(() => CopyOptions).XOptional()
             select (Statement)new CopyToStatement(query, path.StringValue, format.GetOrElse(CopyFormat.Arrow)) { Position = At(copy) })
            .Or(from name in NameToken
                from direction in Kw("TO").Or(Kw("FROM"))
                from path in OfKind(TokenKind.String, "string")
                from format in Ref(() => CopyOptions).XOptional()
                select MakeCopy(copy, name, (string)direction.Value! == "TO", path.StringValue, format.GetOrElse(CopyFormat.Arrow)))
        select statement;

    /// <summary><c>copy_options = [ "WITH" ] "(" "FORMAT" ( "ARROW" | "CSV" ) ")" ;</c></summary>
    internal static readonly Parser<CopyFormat> CopyOptions =
        from with in Kw("WITH").Optional()
        from open in Sym("(")
        from format in Word("format")
        from kind in Word("arrow").Return(CopyFormat.Arrow).Or(Word("csv").Return(CopyFormat.Csv))
        from close in Sym(")")
        select kind;

    /// <summary><c>name = identifier | quoted_identifier ;</c></summary>
    internal static readonly Parser<string> Name = NameToken.Select(t => t.StringValue);

    private static Statement MakeInsert(Token insert, string table, IReadOnlyList<string>? columns, (Token Open, IReadOnlyList<Expression> Values)[] rows)
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

    private static Statement MakeCopy(Token copy, Token name, bool to, string path, CopyFormat format)
    {
        if (!to) return new CopyFromStatement(name.StringValue, path, format) { Position = At(copy) };
        var query = new Ast.SelectStatement(false, [new SelectItem(null, null, true) { Position = At(name) }],
            new TableReference(name.StringValue) { Position = At(name) }, null, [], null, null, [], null, null) { Position = At(name) };
        return new CopyToStatement(query, path, format) { Position = At(copy) };
    }
}
