namespace Chronicle.Storage.Writing;

/// <summary>
/// Waits for an engine write from a synchronous API (<see cref="StorageEngine.Write"/>, and through
/// it the provider's synchronous bulk <c>Complete</c>) by blocking, not spinning:
/// <c>Task.Wait</c> spins first, which on a machine with few cores takes the core the WAL writer
/// and the head append need to finish the very write being waited for.
/// </summary>
internal static class SyncWait
{
    /// <summary>Blocks the thread until <paramref name="task"/> completes; its exception is rethrown as is.</summary>
    public static void Wait(ValueTask task)
    {
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return;
        }
        var t = task.AsTask();
        using (var done = new ManualResetEventSlim(false, spinCount: 0))
        {
            t.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(done.Set);
            done.Wait();
        }
        t.GetAwaiter().GetResult();
    }
}
