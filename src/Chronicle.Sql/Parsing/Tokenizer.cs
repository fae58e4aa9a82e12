using System.Globalization;

namespace Chronicle.Sql.Parsing;

/// <summary>
/// Hand-written tokenizer: SQL text to a list of <see cref="Token"/> ending with one
/// <see cref="TokenKind.End"/> token. Skips whitespace, <c>-- line</c> and <c>/* block */</c>
/// comments (not nested). Positions are 1-based line and column; <c>\r\n</c>, <c>\n</c> and a
/// lone <c>\r</c> each end a line. Each <c>?</c> parameter gets the next ordinal of the text (1, 2, ...).
/// </summary>
public static class Tokenizer
{
    /// <summary>Tokenizes <paramref name="sql"/>.</summary>
    /// <param name="sql">The SQL text.</param>
    /// <returns>The tokens, the last one of kind <see cref="TokenKind.End"/>.</returns>
    /// <exception cref="ChronicleSqlException">
    /// On an unterminated string, quoted identifier or comment, a malformed number or duration
    /// (<c>5x</c>, <c>1e</c>), an integer outside the 64-bit range, or a character that starts no token.
    /// </exception>
    public static IReadOnlyList<Token> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return new Scanner(sql).Run();
    }

    /// <summary>Shared strings for the one-character symbols, indexed by the character.</summary>
    private static readonly string[] Symbols = Enumerable.Range(0, 128).Select(i => ((char)i).ToString()).ToArray();

    private sealed class Scanner(string sql)
    {
        private readonly List<Token> _tokens = new(Math.Max(8, sql.Length / 4));
        private int _pos;
        private int _line = 1;
        private int _lineStart;
        private int _questionMarks;

        private int Column => _pos - _lineStart + 1;

        private char Peek(int ahead = 0) => _pos + ahead < sql.Length ? sql[_pos + ahead] : '\0';

        public List<Token> Run()
        {
            while (true)
            {
                SkipTrivia();
                if (_pos >= sql.Length)
                {
                    _tokens.Add(new Token(TokenKind.End, "", null, _line, Column, _pos));
                    return _tokens;
                }
                ScanToken();
            }
        }

        private void NewLine(int nextLineStart)
        {
            _line++;
            _lineStart = nextLineStart;
        }

        /// <summary>Advances over one character, keeping line and column right.</summary>
        private void Step()
        {
            var c = sql[_pos++];
            if (c == '\n' || (c == '\r' && Peek() != '\n')) NewLine(_pos);
        }

        private void SkipTrivia()
        {
            while (_pos < sql.Length)
            {
                var c = sql[_pos];
                if (char.IsWhiteSpace(c))
                {
                    Step();
                }
                else if (c == '-' && Peek(1) == '-')
                {
                    while (_pos < sql.Length && sql[_pos] != '\n' && sql[_pos] != '\r') _pos++;
                }
                else if (c == '/' && Peek(1) == '*')
                {
                    int line = _line, column = Column;
                    _pos += 2;
                    while (_pos < sql.Length && !(sql[_pos] == '*' && Peek(1) == '/')) Step();
                    if (_pos >= sql.Length) throw Error(line, column, "unterminated comment", "*/");
                    _pos += 2;
                }
                else
                {
                    return;
                }
            }
        }

        private void ScanToken()
        {
            int start = _pos, line = _line, column = Column;
            var c = sql[_pos];
            if (char.IsLetter(c) || c == '_')
            {
                while (_pos < sql.Length && (char.IsLetterOrDigit(sql[_pos]) || sql[_pos] == '_')) _pos++;
                var text = sql[start.._pos];
                if (Keywords.IsReserved(text))
                    Add(TokenKind.Keyword, start, line, column, text.ToUpperInvariant());
                else
                    Add(TokenKind.Identifier, start, line, column, text.ToLowerInvariant());
                return;
            }
            if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
            {
                ScanNumber(start, line, column);
                return;
            }
            switch (c)
            {
                case '\'':
                    Add(TokenKind.String, start, line, column, ScanQuoted('\'', start, line, column, "string"));
                    return;
                case '"':
                    var name = ScanQuoted('"', start, line, column, "quoted identifier");
                    if (name.Length == 0) throw Error(line, column, "empty quoted identifier \"\"", "identifier");
                    Add(TokenKind.QuotedIdentifier, start, line, column, name);
                    return;
                case '@':
                    ScanNamedParameter(start, line, column);
                    return;
                case '$':
                    if (char.IsAsciiDigit(Peek(1)))
                    {
                        _pos++;
                        while (char.IsAsciiDigit(Peek())) _pos++;
                        if (!int.TryParse(sql.AsSpan(start + 1, _pos - start - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) || ordinal == 0)
                            throw Error(line, column, "parameter " + sql[start.._pos], "parameter number from 1 to 2147483647");
                        Add(TokenKind.Parameter, start, line, column, ordinal);
                        return;
                    }
                    ScanNamedParameter(start, line, column);
                    return;
                case ':':
                    if (Peek(1) == ':')
                    {
                        AddSymbol(TokenKind.Operator, line, column, "::");
                        return;
                    }
                    ScanNamedParameter(start, line, column);
                    return;
                case '?':
                    _pos++;
                    Add(TokenKind.Parameter, start, line, column, ++_questionMarks);
                    return;
                case '(' or ')' or ',' or ';' or '.':
                    AddSymbol(TokenKind.Punctuation, line, column, Symbols[c]);
                    return;
                case '+' or '-' or '*' or '/' or '%' or '=':
                    AddSymbol(TokenKind.Operator, line, column, Symbols[c]);
                    return;
                case '<':
                    AddSymbol(TokenKind.Operator, line, column, Peek(1) switch { '=' => "<=", '>' => "<>", _ => "<" });
                    return;
                case '>':
                    AddSymbol(TokenKind.Operator, line, column, Peek(1) == '=' ? ">=" : ">");
                    return;
                case '!' when Peek(1) == '=':
                    AddSymbol(TokenKind.Operator, line, column, "!=");
                    return;
                case '|' when Peek(1) == '|':
                    AddSymbol(TokenKind.Operator, line, column, "||");
                    return;
            }
            throw Error(line, column, $"character '{c}'");
        }

        private void ScanNamedParameter(int start, int line, int column)
        {
            _pos++;
            if (!(char.IsLetter(Peek()) || Peek() == '_'))
                throw Error(line, column, $"character '{sql[start]}'", "parameter name");
            while (_pos < sql.Length && (char.IsLetterOrDigit(sql[_pos]) || sql[_pos] == '_')) _pos++;
            Add(TokenKind.Parameter, start, line, column, sql[(start + 1).._pos]);
        }

        /// <summary>Scans a quoted run; a doubled quote stands for one quote. Returns the content.</summary>
        private string ScanQuoted(char quote, int start, int line, int column, string what)
        {
            _pos++;
            var builder = (System.Text.StringBuilder?)null;
            var segmentStart = _pos;
            while (true)
            {
                if (_pos >= sql.Length)
                {
                    var shown = sql[start..Math.Min(sql.Length, start + 20)];
                    throw Error(line, column, $"unterminated {what} {shown}", $"closing {quote}");
                }
                if (sql[_pos] == quote)
                {
                    if (Peek(1) == quote)
                    {
                        builder ??= new System.Text.StringBuilder();
                        builder.Append(sql, segmentStart, _pos + 1 - segmentStart);
                        _pos += 2;
                        segmentStart = _pos;
                        continue;
                    }
                    var tail = sql[segmentStart.._pos];
                    _pos++;
                    return builder is null ? tail : builder.Append(tail).ToString();
                }
                Step();
            }
        }

        private void ScanNumber(int start, int line, int column)
        {
            while (char.IsAsciiDigit(Peek())) _pos++;
            var isDecimal = false;
            if (Peek() == '.' && char.IsAsciiDigit(Peek(1)))
            {
                isDecimal = true;
                _pos++;
                while (char.IsAsciiDigit(Peek())) _pos++;
            }
            else if (Peek() == '.' && !char.IsLetter(Peek(1)) && _pos > start)
            {
                // "1." is a decimal; "t.1" never reaches here.
                isDecimal = true;
                _pos++;
            }
            if ((Peek() == 'e' || Peek() == 'E') && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))))
            {
                isDecimal = true;
                _pos += 2;
                while (char.IsAsciiDigit(Peek())) _pos++;
            }
            if (char.IsLetter(Peek()) || Peek() == '_')
            {
                // A duration such as 5m or 1h30m: digits and letters run together.
                while (char.IsLetterOrDigit(Peek()) || Peek() == '_') _pos++;
                var text = sql[start.._pos];
                if (isDecimal || !DurationParser.TryParseDuration(text, out var nanoseconds))
                    throw Error(line, column, "number " + text, "duration unit (ns, us, ms, s, m, h, d, w, mo, y)");
                Add(TokenKind.Duration, start, line, column, nanoseconds);
                return;
            }
            var number = sql[start.._pos];
            if (isDecimal)
            {
                Add(TokenKind.Decimal, start, line, column, double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture));
                return;
            }
            if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw Error(line, column, "integer " + number, "integer from 0 to 9223372036854775807");
            Add(TokenKind.Integer, start, line, column, value);
        }

        /// <summary>Adds an operator or punctuation token whose text (a shared string) is also its value.</summary>
        private void AddSymbol(TokenKind kind, int line, int column, string text)
        {
            _tokens.Add(new Token(kind, text, text, line, column, _pos));
            _pos += text.Length;
        }

        private void Add(TokenKind kind, int start, int line, int column, object? value) =>
            _tokens.Add(new Token(kind, sql[start.._pos], value, line, column, start));

        private static ChronicleSqlException Error(int line, int column, string found, params string[] expected) =>
            new(line, column, found, expected);
    }
}
