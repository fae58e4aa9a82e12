using Chronicle.Data.Internal;

namespace Chronicle.Data.Tests;

public class ExecutionScopeTests
{
    [Fact]
    public void The_shared_timeout_timer_cancels_an_expired_scope_and_the_error_says_timeout()
    {
        using var expiring = new ExecutionScope(1, CancellationToken.None);
        using var unlimited = new ExecutionScope(0, CancellationToken.None);
        Assert.True(SpinWait.SpinUntil(() => expiring.Token.IsCancellationRequested, TimeSpan.FromSeconds(60)));
        Assert.False(unlimited.Token.IsCancellationRequested);
        var e = Assert.IsType<ChronicleException>(expiring.Translate(new OperationCanceledException(expiring.Token)));
        Assert.Equal(ChronicleErrorCode.Timeout, e.Code);
    }

    [Fact]
    public void Cancel_wins_over_timeout_and_the_callers_token_stays_an_OperationCanceledException()
    {
        using var scope = new ExecutionScope(30, CancellationToken.None);
        scope.Cancel();
        Assert.True(scope.Token.IsCancellationRequested);
        Assert.Equal(ChronicleErrorCode.Canceled, Assert.IsType<ChronicleException>(scope.Translate(new OperationCanceledException())).Code);

        using var caller = new CancellationTokenSource();
        using var linked = new ExecutionScope(30, caller.Token);
        caller.Cancel();
        Assert.True(linked.Token.IsCancellationRequested);
        var oce = new OperationCanceledException(caller.Token);
        Assert.Same(oce, linked.Translate(oce));
        Assert.False(linked.ShouldTranslate(oce));
    }

    [Fact]
    public void The_timer_expires_only_scopes_past_their_deadline_and_each_scope_leaves_the_watch_list_once()
    {
        // Registered a, expiring, c (other tests may register scopes of their own in between): the
        // expiring one is unlinked from the middle of the list, the others stay until disposed.
        var a = new ExecutionScope(30, CancellationToken.None);
        var expiring = new ExecutionScope(1, CancellationToken.None);
        var c = new ExecutionScope(30, CancellationToken.None);
        using var unlimited = new ExecutionScope(0, CancellationToken.None);
        Assert.True(TimeoutScheduler.Watches(a) && TimeoutScheduler.Watches(expiring) && TimeoutScheduler.Watches(c));
        Assert.False(TimeoutScheduler.Watches(unlimited));
        Assert.True(SpinWait.SpinUntil(() => expiring.Token.IsCancellationRequested, TimeSpan.FromSeconds(60)));
        Assert.True(SpinWait.SpinUntil(() => !TimeoutScheduler.Watches(expiring), TimeSpan.FromSeconds(60)));
        Assert.False(a.Token.IsCancellationRequested);
        Assert.False(c.Token.IsCancellationRequested);
        Assert.True(TimeoutScheduler.Watches(a) && TimeoutScheduler.Watches(c));
        expiring.Dispose();                      // already unlinked: nothing to do
        Assert.True(TimeoutScheduler.Watches(a) && TimeoutScheduler.Watches(c));
        c.Dispose();
        Assert.False(TimeoutScheduler.Watches(c));
        Assert.True(TimeoutScheduler.Watches(a));
        Assert.False(a.Token.IsCancellationRequested);
        a.Dispose();
        Assert.False(TimeoutScheduler.Watches(a));
    }

    [Fact]
    public void Disposing_twice_and_cancelling_after_dispose_are_harmless()
    {
        var scope = new ExecutionScope(5, CancellationToken.None);
        scope.Dispose();
        scope.Dispose();
        scope.Cancel();
        scope.Expire();
    }
}
