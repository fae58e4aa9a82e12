using System.Diagnostics;

namespace Chronicle.Data.Internal;

/// <summary>
/// Enforces <see cref="System.Data.Common.DbCommand.CommandTimeout"/> for all executions with one
/// shared timer that ticks every <see cref="PeriodMilliseconds"/> while executions are registered
/// and cancels those past their deadline. A timer per execution (CancellationTokenSource.CancelAfter)
/// costs a timer allocation and the timer queue's lock twice per command, which showed in the
/// per-row cost of prepared INSERTs; a timeout is only ever a few seconds or more, so a tick of
/// 100 ms is precise enough. The timer stops after a second with nothing registered.
/// </summary>
internal static class TimeoutScheduler
{
    /// <summary>Tick period: the precision of command timeouts.</summary>
    public const int PeriodMilliseconds = 100;

    private const int IdleTicksBeforeStop = 10;

    private static readonly Lock Gate = new();
    private static readonly HashSet<ExecutionScope> Active = [];
    private static readonly List<ExecutionScope> Expired = [];
    private static Timer? _timer;
    private static int _idleTicks;

    /// <summary>Watches <paramref name="scope"/> until <see cref="Unregister"/>.</summary>
    public static void Register(ExecutionScope scope)
    {
        lock (Gate)
        {
            Active.Add(scope);
            _idleTicks = 0;
            _timer ??= new Timer(static _ => Tick(), null, PeriodMilliseconds, PeriodMilliseconds);
        }
    }

    /// <summary>Stops watching <paramref name="scope"/>.</summary>
    public static void Unregister(ExecutionScope scope)
    {
        lock (Gate) Active.Remove(scope);
    }

    private static void Tick()
    {
        long now = Stopwatch.GetTimestamp();
        ExecutionScope[] expired;
        lock (Gate)
        {
            if (Active.Count == 0)
            {
                if (++_idleTicks >= IdleTicksBeforeStop)
                {
                    _timer?.Dispose();
                    _timer = null;
                }
                return;
            }
            foreach (var scope in Active) if (now >= scope.Deadline) Expired.Add(scope);
            if (Expired.Count == 0) return;
            foreach (var scope in Expired) Active.Remove(scope);
            expired = Expired.ToArray();
            Expired.Clear();
        }
        foreach (var scope in expired) scope.Expire();
    }
}
