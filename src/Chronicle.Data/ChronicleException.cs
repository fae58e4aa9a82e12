using System.Data.Common;
using Chronicle.Sql;

namespace Chronicle.Data;

/// <summary>
/// A database error reported by the Chronicle provider: bad SQL (with <see cref="Line"/> and
/// <see cref="Column"/>), a parameter of an unsupported type, a missing or locked database, a
/// storage failure, a timeout or a cancellation. Engine exceptions
/// (<see cref="ChronicleSqlException"/>, <see cref="Chronicle.Storage.StorageException"/>) are
/// wrapped once, at the provider's boundary, and kept as <see cref="Exception.InnerException"/>.
/// Misuse of the API (a closed connection, a command without text) throws
/// <see cref="InvalidOperationException"/> instead, as ADO.NET providers do.
/// See <c>docs/provider.md</c>, section "Errors".
/// </summary>
public sealed class ChronicleException : DbException
{
    /// <summary>Creates an exception.</summary>
    /// <param name="code">What kind of failure.</param>
    /// <param name="message">What happened and, where possible, what to do.</param>
    /// <param name="inner">The engine's exception, if any.</param>
    public ChronicleException(ChronicleErrorCode code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    /// <summary>Creates an exception for bad SQL, carrying its position.</summary>
    /// <param name="code"><see cref="ChronicleErrorCode.SyntaxError"/> or <see cref="ChronicleErrorCode.SemanticError"/>.</param>
    /// <param name="message">The message, starting with <c>line L, column C:</c>.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="found">What was found at the position, or null.</param>
    /// <param name="expected">What would have been accepted (may be empty).</param>
    /// <param name="inner">The SQL layer's exception.</param>
    public ChronicleException(ChronicleErrorCode code, string message, int line, int column, string? found, IReadOnlyList<string> expected, Exception? inner = null)
        : this(code, message, inner)
    {
        Line = line;
        Column = column;
        Found = found;
        Expected = expected;
    }

    /// <summary>What kind of failure this is.</summary>
    public ChronicleErrorCode Code { get; }

    /// <summary>The same as <see cref="Code"/> as an integer (the base class's error code).</summary>
    public override int ErrorCode => (int)Code;

    /// <summary>For SQL errors, the 1-based line of the error; otherwise 0.</summary>
    public int Line { get; }

    /// <summary>For SQL errors, the 1-based column of the error; otherwise 0.</summary>
    public int Column { get; }

    /// <summary>For syntax errors, what was found (e.g. <c>identifier FORM</c>); otherwise null.</summary>
    public string? Found { get; }

    /// <summary>For syntax errors, what would have been accepted; otherwise empty.</summary>
    public IReadOnlyList<string> Expected { get; } = [];

    /// <summary>True for <see cref="ChronicleErrorCode.Timeout"/> and <see cref="ChronicleErrorCode.DatabaseLocked"/>: trying again later may succeed.</summary>
    public override bool IsTransient => Code is ChronicleErrorCode.Timeout or ChronicleErrorCode.DatabaseLocked;
}
