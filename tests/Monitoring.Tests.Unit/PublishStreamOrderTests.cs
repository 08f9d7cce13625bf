using Monitoring.Gateway.Ingest;

namespace Monitoring.Tests.Unit;

public sealed class PublishStreamOrderTests
{
    [Fact]
    public async Task A_subjects_next_call_starts_only_after_its_previous_call_completed()
    {
        var order = new PublishStreamOrder();
        var first = new TaskCompletionSource<int>();
        var secondStarted = false;

        var a = order.CallInOrder("node", () => first.Task);
        var b = order.CallInOrder("node", () => { secondStarted = true; return Task.FromResult(2); });
        var other = order.CallInOrder("other-node", () => Task.FromResult(3));

        Assert.False(secondStarted);
        Assert.Equal(3, await other);
        first.SetResult(1);
        Assert.Equal(2, await b);
        Assert.True(secondStarted);
        Assert.Equal(1, await a);
    }

    [Fact]
    public async Task A_failed_call_does_not_stop_the_next_one()
    {
        var order = new PublishStreamOrder();
        var failing = new TaskCompletionSource<int>();

        var a = order.CallInOrder("node", () => failing.Task);
        var b = order.CallInOrder("node", () => Task.FromResult(2));
        failing.SetException(new InvalidOperationException("silo down"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => a);
        Assert.Equal(2, await b);
    }

    [Fact]
    public async Task Batches_are_planned_one_after_another()
    {
        var order = new PublishStreamOrder();
        var firstPlan = new TaskCompletionSource<string>();
        var log = new List<string>();

        var a = order.PlanInOrder(async () => { var r = await firstPlan.Task; log.Add(r); return r; });
        var b = order.PlanInOrder(() => { log.Add("second"); return Task.FromResult("second"); });

        Assert.Empty(log);
        firstPlan.SetResult("first");
        await Task.WhenAll(a, b);
        Assert.Equal(["first", "second"], log);
    }
}
