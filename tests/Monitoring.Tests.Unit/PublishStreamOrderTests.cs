using Monitoring.Gateway.Ingest;

namespace Monitoring.Tests.Unit;

public sealed class PublishStreamOrderTests
{
    [Fact]
    public async Task A_subjects_next_call_starts_at_once_naming_the_previous_batch_while_that_call_is_in_flight()
    {
        var order = new PublishStreamOrder();
        var first = new TaskCompletionSource<int>();
        var afters = new List<(string Subject, ulong? After)>();

        var a = order.CallInOrder("feed", "node", 10, after => { afters.Add(("node", after)); return first.Task; });
        var b = order.CallInOrder("feed", "node", 11, after => { afters.Add(("node", after)); return Task.FromResult(2); });
        var other = order.CallInOrder("feed", "other-node", 11, after => { afters.Add(("other-node", after)); return Task.FromResult(3); });

        Assert.Equal([("node", null), ("node", 10UL), ("other-node", null)], afters);
        Assert.Equal(2, await b);
        Assert.Equal(3, await other);
        first.SetResult(1);
        Assert.Equal(1, await a);
        // Once the previous call completed, nothing needs waiting for.
        await order.CallInOrder("feed", "node", 12, after => { afters.Add(("node", after)); return Task.FromResult(4); });
        Assert.Equal(("node", (ulong?)null), afters[^1]);
    }

    [Fact]
    public void A_batch_of_another_feed_on_the_same_stream_does_not_wait_for_a_batch_it_cannot_follow()
    {
        // Sequences are per feed: a grain told to apply feed B's batch 4 after "batch 5" would wait for feed
        // B's batch 5, which never comes (found by the fuzz test: the stream then ended UNAVAILABLE).
        var order = new PublishStreamOrder();
        var inFlight = new TaskCompletionSource<int>();
        var afters = new List<ulong?>();

        _ = order.CallInOrder("feed-a", "node", 5, after => { afters.Add(after); return inFlight.Task; });
        _ = order.CallInOrder("feed-b", "node", 4, after => { afters.Add(after); return inFlight.Task; });
        _ = order.CallInOrder("feed-a", "node", 6, after => { afters.Add(after); return inFlight.Task; });

        Assert.Equal([null, null, 5UL], afters);
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

    [Fact]
    public void With_thousands_of_subjects_in_flight_each_call_still_names_its_predecessor_and_completed_ones_are_forgotten()
    {
        var order = new PublishStreamOrder();
        var pending = new Dictionary<string, TaskCompletionSource<int>>();
        // 3,000 subjects in flight: past the point where completed calls are pruned.
        for (var i = 0; i < 3_000; i++)
        {
            var subject = $"n{i}";
            pending[subject] = new TaskCompletionSource<int>();
            Assert.Null(Call(order, subject, 1, pending[subject].Task));
        }
        // Half of them complete; the rest are still in flight when batch 2 comes.
        for (var i = 0; i < 3_000; i += 2) pending[$"n{i}"].SetResult(1);
        for (var i = 0; i < 3_000; i++)
        {
            var after = Call(order, $"n{i}", 2, Task.FromResult(2));
            Assert.Equal(i % 2 == 0 ? null : 1UL, after);
        }
    }

    /// <summary>The predecessor a subject's call is told to wait for.</summary>
    private static ulong? Call(PublishStreamOrder order, string subject, ulong sequence, Task<int> call)
    {
        ulong? seen = null;
        _ = order.CallInOrder("feed", subject, sequence, after => { seen = after; return call; });
        return seen;
    }
}
