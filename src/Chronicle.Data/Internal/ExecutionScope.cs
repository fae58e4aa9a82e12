using System.Diagnostics;

namespace Chronicle.Data.Internal;

/// <summary>
/// The cancellation of one command execution, from Execute until its reader closes: a token
/// linked to the caller's token, to <see cref="System.Data.Common.DbCommand.CommandTimeout"/>
/// (enforced by <see cref="TimeoutScheduler"/>) and to <see cref="System.Data.Common.DbCommand.Cancel"/>.
/// <see cref="Translate"/> turns the resulting <see cref="OperationCanceledException"/> into what
/// the caller should see: the caller's own cancellation stays an <see cref="OperationCanceledException"/>;
/// a timeout or Cancel() becomes a <see cref="ChronicleException"/>. Engine exceptions are
/// wrapped by <see cref="Errors.Wrap"/>.
/// </summary>
internal sealed class ExecutionScope : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _callerToken;
    private readonly int _timeoutSeconds;
    private volatile bool _cancelRequested;
    private bool _disposed;

    /// <param name="timeoutSeconds">Seconds until the execution is cancelled; 0 = no limit.</param>
    /// <param name="callerToken">The token the caller passed to the async method.</param>
    public ExecutionScope(int timeoutSeconds, CancellationToken callerToken)
    {
        _callerToken = callerToken;
        _timeoutSeconds = timeoutSeconds;
        _cts = callerToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callerToken) : new CancellationTokenSource();
        if (timeoutSeconds > 0)
        {
            Deadline = Stopwatch.GetTimestamp() + (long)timeoutSeconds * Stopwatch.Frequency;
            TimeoutScheduler.Register(this);
        }
    }

    /// <summary>The neighbours of this scope in <see cref="TimeoutScheduler"/>'s list of watched executions (guarded by its lock).</summary>
    internal ExecutionScope? TimeoutPrevious, TimeoutNext;

    /// <summary>Whether <see cref="TimeoutScheduler"/> watches this scope now (guarded by its lock).</summary>
    internal bool TimeoutRegistered;

    /// <summary>When the execution times out, in <see cref="Stopwatch.GetTimestamp"/> units (long.MaxValue without a timeout).</summary>
    public long Deadline { get; } = long.MaxValue;

    /// <summary>The token every engine call of this execution observes.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Requests cancellation (DbCommand.Cancel); the running statement stops at its next check (between batches).</summary>
    public void Cancel()
    {
        _cancelRequested = true;
        CancelToken();
    }

    /// <summary>The deadline passed (called by <see cref="TimeoutScheduler"/>).</summary>
    public void Expire() => CancelToken();

    private void CancelToken()
    {
        try { _cts.Cancel(); } catch (ObjectDisposedException) { /* the execution already ended */ }
    }

    /// <summary>Whether <see cref="Translate"/> changes <paramref name="e"/>.</summary>
    public bool ShouldTranslate(Exception e) =>
        (e is OperationCanceledException && !_callerToken.IsCancellationRequested) || Errors.IsEngineError(e);

    /// <summary>The exception the caller sees for <paramref name="e"/>.</summary>
    public Exception Translate(Exception e)
    {
        if (e is OperationCanceledException)
        {
            if (_callerToken.IsCancellationRequested) return e;
            return _cancelRequested ? Errors.Canceled(e) : Errors.Timeout(_timeoutSeconds, e);
        }
        return Errors.Wrap(e) ?? e;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_timeoutSeconds > 0) TimeoutScheduler.Unregister(this);
        _cts.Dispose();
    }
}
