namespace Chronicle.Storage.Wal;

/// <summary>
/// Acknowledges written WAL records strictly in WAL order, running each record's
/// <c>onWritten</c> callback (the head apply) before its waiter completes. The writer thread hands
/// over each committed group and goes on writing; one drainer on the thread pool works the queue,
/// so applying group N overlaps writing and syncing group N+1, yet callbacks never run
/// concurrently and never out of order. This is what makes "the later write wins" mean the same
/// thing before a restart (head order) and after it (replay order): see ADR 7.
/// </summary>
internal sealed class WalAckQueue
{
    /// <summary>One acknowledged record: its waiter, its position, and what to run first.</summary>
    internal readonly record struct Ack(TaskCompletionSource<WalPosition> Done, WalPosition Position, Action<WalPosition>? OnWritten);

    private readonly object _lock = new();
    private readonly Queue<Ack> _queue = new();
    private bool _draining;

    /// <summary>Queues <paramref name="acks"/> (in WAL order) after everything queued before.</summary>
    public void Enqueue(ReadOnlySpan<Ack> acks)
    {
        bool start;
        lock (_lock)
        {
            foreach (var ack in acks) _queue.Enqueue(ack);
            start = !_draining && _queue.Count > 0;
            if (start) _draining = true;
        }
        if (start) ThreadPool.UnsafeQueueUserWorkItem(static q => q.Drain(), this, preferLocal: false);
    }

    private void Drain()
    {
        while (true)
        {
            Ack ack;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out ack))
                {
                    _draining = false;
                    return;
                }
            }
            if (ack.OnWritten is { } onWritten)
            {
                try { onWritten(ack.Position); }
                catch (Exception e)
                {
                    ack.Done.TrySetException(e);
                    continue;
                }
            }
            ack.Done.TrySetResult(ack.Position);
        }
    }
}
