using System.Diagnostics;

namespace Chronicle.Data.Internal;

/// <summary>
/// Enforces <see cref="System.Data.Common.DbCommand.CommandTimeout"/> for all executions with one
/// shared timer that ticks every <see cref="PeriodMilliseconds"/> while executions are registered
/// and cancels those past their deadline. A timer per execution (CancellationTokenSource.CancelAfter)
/// costs a timer allocation and the timer queue's lock twice per command, which showed in the
/// per-row cost of prepared INSERTs; a timeout is only ever a few seconds or more, so a tick of
/// 100 ms is precise enough. The timer stops after a second with nothing registered. The
/// registered executions form a doubly linked list through the scopes themselves
/// (<see cref="ExecutionScope.TimeoutPrevious"/>, <see cref="ExecutionScope.TimeoutNext"/>), so
/// registering and unregistering allocate nothing, hash nothing and touch two neighbours.
/// </summary>
internal static class TimeoutScheduler
{
    /// <summary>Tick period: the precision of command timeouts.</summary>
    public const int PeriodMilliseconds = 100;

    private const int IdleTicksBeforeStop = 10;

    private static readonly Lock Gate = new();
    private static ExecutionScope? _first; // the most recently registered
    private static Timer? _timer;
    private static int _idleTicks;

    /// <summary>Watches <paramref name="scope"/> until <see cref="Unregister"/>.</summary>
    public static void Register(ExecutionScope scope)
    {
        lock (Gate)
        {
            scope.TimeoutNext = _first;
            if (_first is not null) _first.TimeoutPrevious = scope;
            _first = scope;
            scope.TimeoutRegistered = true;
            _idleTicks = 0;
            _timer ??= new Timer(static _ => Tick(), null, PeriodMilliseconds, PeriodMilliseconds);
        }
    }

    /// <summary>Stops watching <paramref name="scope"/> (nothing when it is not watched, e.g. it expired).</summary>
    public static void Unregister(ExecutionScope scope)
    {
        lock (Gate) Unlink(scope);
    }

    /// <summary>Removes <paramref name="scope"/> from the list; the caller holds <see cref="Gate"/>.</summary>
    private static void Unlink(ExecutionScope scope)
    {
        if (!scope.TimeoutRegistered) return;
        if (scope.TimeoutPrevious is { } previous) previous.TimeoutNext = scope.TimeoutNext;
        else _first = scope.TimeoutNext;
        if (scope.TimeoutNext is { } next) next.TimeoutPrevious = scope.TimeoutPrevious;
        scope.TimeoutPrevious = scope.TimeoutNext = null;
        scope.TimeoutRegistered = false;
    }

    private static void Tick()
    {
        long now = Stopwatch.GetTimestamp();
        List<ExecutionScope>? expired = null;
        lock (Gate)
        {
            if (_first is null)
            {
                if (++_idleTicks >= IdleTicksBeforeStop)
                {
                    _timer?.Dispose();
                    _timer = null;
                }
                return;
            }
            for (var scope = _first; scope is not null;)
            {
                var next = scope.TimeoutNext;
                if (now >= scope.Deadline)
                {
                    Unlink(scope);
                    (expired ??= []).Add(scope);
                }
                scope = next;
            }
        }
        if (expired is null) return;
        foreach (var scope in expired) scope.Expire();
    }

    /// <summary>
    /// Whether <paramref name="scope"/> is in the list of watched executions, walking the whole
    /// list and checking its links (for tests).
    /// </summary>
    /// <exception cref="InvalidOperationException">A scope's back link does not point at the scope before it.</exception>
    internal static bool Watches(ExecutionScope scope)
    {
        lock (Gate)
        {
            bool found = false;
            ExecutionScope? previous = null;
            for (var s = _first; s is not null; previous = s, s = s.TimeoutNext)
            {
                if (!ReferenceEquals(s.TimeoutPrevious, previous) || !s.TimeoutRegistered) throw new InvalidOperationException("the watch list's links are inconsistent");
                found |= ReferenceEquals(s, scope);
            }
            return found;
        }
    }
}
