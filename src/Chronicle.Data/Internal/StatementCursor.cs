using Chronicle.Sql.Execution;
using Chronicle.Sql.Parsing;
using Chronicle.Sql.Syntax;

namespace Chronicle.Data.Internal;

/// <summary>
/// Walks the statements of a list of <see cref="CommandUnit"/>s in order, executing each as it is
/// reached (so a reader's NextResult runs the next statement), and sums records affected: per unit
/// (into its batch command) and in total. Sync and async share this one code path (<c>bool async</c>):
/// a statement that does not complete at once (a write awaiting the WAL) is awaited when the
/// execution is async and waited for otherwise. The statements of a unit come from the parse cache
/// and run through <see cref="SqlSession.ExecuteStatementAsync"/> one by one: no enumerator per
/// command (a SELECT run again does all its work synchronously, and an async enumerator's state
/// machine and its disposal showed in a cold query's cost).
/// </summary>
internal sealed class StatementCursor : IAsyncDisposable
{
    private readonly SqlSession _session;
    private readonly IReadOnlyList<CommandUnit> _units;
    private readonly CancellationToken _token;
    private int _unit = -1;
    private IReadOnlyList<Statement>? _statements; // of the current unit; null between units
    private int _next;
    private int _unitAffected = -1;

    public StatementCursor(SqlSession session, IReadOnlyList<CommandUnit> units, CancellationToken token)
    {
        _session = session;
        _units = units;
        _token = token;
    }

    /// <summary>Total rows inserted or deleted by the statements run so far; -1 when none of them reports a count.</summary>
    public int RecordsAffected { get; private set; } = -1;

    /// <summary>Runs the next statement and returns its result, or null when all have run.</summary>
    /// <exception cref="Chronicle.Sql.ChronicleSqlException">Syntax or semantic error.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async ValueTask<StatementResult?> NextAsync(bool async)
    {
        while (true)
        {
            if (_statements is null)
            {
                if (++_unit >= _units.Count) return null;
                _unitAffected = -1;
                _next = 0;
                _token.ThrowIfCancellationRequested();
                _statements = SqlParser.ParseCached(_units[_unit].Sql);
            }
            _token.ThrowIfCancellationRequested();
            if (_next < _statements.Count)
            {
                var execution = _session.ExecuteStatementAsync(_statements[_next++], _units[_unit].Parameters, _token);
                var result = execution.IsCompletedSuccessfully ? execution.Result
                    : async ? await execution.ConfigureAwait(false) : execution.AsTask().GetAwaiter().GetResult();
                if (result.RecordsAffected >= 0)
                {
                    _unitAffected = Math.Max(_unitAffected, 0) + result.RecordsAffected;
                    RecordsAffected = Math.Max(RecordsAffected, 0) + result.RecordsAffected;
                }
                return result;
            }
            if (_units[_unit].BatchCommand is { } batchCommand) batchCommand.SetRecordsAffected(_unitAffected);
            _statements = null;
        }
    }

    /// <summary>Stops without running the remaining statements.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        _statements = null;
        _unit = _units.Count;
    }
}
