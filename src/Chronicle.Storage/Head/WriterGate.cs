namespace Chronicle.Storage.Head;

/// <summary>
/// Lets many writers through at once (each holds the gate across its WAL append and its head
/// apply) and lets a flush shut the gate, wait for the writers inside to leave, and swap the
/// memstore with no write half applied. So every WAL record before the flush's WAL position is in
/// the frozen memstore, and every record after it lands in the new one.
/// </summary>
internal sealed class WriterGate
{
    private readonly object _lock = new();
    private int _inside;
    private bool _closed;
    private TaskCompletionSource? _drained;
    private TaskCompletionSource _reopened = NewSignal();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Enters as a writer, waiting while a flush holds the gate shut.</summary>
    public async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (!_closed) { _inside++; return; }
                wait = _reopened.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Leaves as a writer.</summary>
    public void Exit()
    {
        lock (_lock)
        {
            _inside--;
            if (_inside == 0) _drained?.TrySetResult();
        }
    }

    /// <summary>Shuts the gate and waits until no writer is inside. One closer at a time (the flush lock ensures it).</summary>
    public Task CloseAsync()
    {
        lock (_lock)
        {
            _closed = true;
            _reopened = NewSignal();
            if (_inside == 0) return Task.CompletedTask;
            _drained = NewSignal();
            return _drained.Task;
        }
    }

    /// <summary>Reopens the gate.</summary>
    public void Open()
    {
        TaskCompletionSource reopened;
        lock (_lock)
        {
            _closed = false;
            _drained = null;
            reopened = _reopened;
        }
        reopened.TrySetResult();
    }
}
