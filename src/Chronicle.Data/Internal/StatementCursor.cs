using Chronicle.Sql.Execution;

namespace Chronicle.Data.Internal;

/// <summary>
/// Walks the statements of a list of <see cref="CommandUnit"/>s in order, executing each as it is
/// reached (<see cref="SqlSession.Execute"/> is lazy), and sums records affected: per unit (into
/// its batch command) and in total. Sync and async share this one code path (<c>bool async</c>):
/// an execution started async uses the session's async enumeration.
/// </summary>
internal sealed class StatementCursor : IAsyncDisposable
{
    private readonly SqlSession _session;
    private readonly IReadOnlyList<CommandUnit> _units;
    private readonly CancellationToken _token;
    private int _unit = -1;
    private IEnumerator<StatementResult>? _sync;
    private IAsyncEnumerator<StatementResult>? _async;
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
    public async ValueTask<StatementResult?> NextAsync(bool async)
    {
        while (true)
        {
            if (_sync is null && _async is null)
            {
                if (++_unit >= _units.Count) return null;
                var unit = _units[_unit];
                _unitAffected = -1;
                if (async) _async = _session.ExecuteAsync(unit.Sql, unit.Parameters, _token).GetAsyncEnumerator(_token);
                else _sync = _session.Execute(unit.Sql, unit.Parameters, _token).GetEnumerator();
            }
            _token.ThrowIfCancellationRequested();
            bool has = _async is not null
                ? async ? await _async.MoveNextAsync().ConfigureAwait(false) : _async.MoveNextAsync().AsTask().GetAwaiter().GetResult()
                : _sync!.MoveNext();
            if (has)
            {
                var result = _async is not null ? _async.Current : _sync!.Current;
                if (result.RecordsAffected >= 0)
                {
                    _unitAffected = Math.Max(_unitAffected, 0) + result.RecordsAffected;
                    RecordsAffected = Math.Max(RecordsAffected, 0) + result.RecordsAffected;
                }
                return result;
            }
            if (_units[_unit].BatchCommand is { } batchCommand) batchCommand.SetRecordsAffected(_unitAffected);
            await CloseUnitAsync(async).ConfigureAwait(false);
        }
    }

    private async ValueTask CloseUnitAsync(bool async)
    {
        _sync?.Dispose();
        _sync = null;
        if (_async is not null)
        {
            if (async) await _async.DisposeAsync().ConfigureAwait(false);
            else _async.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _async = null;
        }
    }

    /// <summary>Stops without running the remaining statements.</summary>
    public ValueTask DisposeAsync() => CloseUnitAsync(async: true);

    /// <summary>Synchronous <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => CloseUnitAsync(async: false).AsTask().GetAwaiter().GetResult();
}
