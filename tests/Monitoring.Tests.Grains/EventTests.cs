using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class EventTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Disruption_changes_reach_every_registered_gateway_in_order()
    {
        await using var observer = await EventRecorder.SubscribeAsync(fixture.Client, "test-gateway");
        var node = fixture.Client.GetGrain<ISupplyNodeGrain>("events.port");
        var now = DateTimeOffset.UtcNow;
        var report = new DisruptionReport(0, now, "strike-9", Cause.Strike, Severity.Warning, null, "strike", false);

        await node.Apply(new SubjectBatch("feed-h", 1, now, [], [], [report]));
        await node.Apply(new SubjectBatch("feed-h", 2, now, [], [], [report with { Severity = Severity.Critical }]));
        await node.Apply(new SubjectBatch("feed-h", 3, now, [], [], [report with { Clear = true }]));

        var events = await Poll.UntilAsync(async () =>
        {
            await Task.CompletedTask;
            var mine = observer.Received.Where(e => e.Disruption?.SubjectId == "events.port").ToList();
            return mine.Count >= 3 ? mine : null;
        }, TimeSpan.FromSeconds(10), "three events for events.port");

        Assert.Equal([MonitoringEventType.DisruptionOpened, MonitoringEventType.DisruptionUpdated, MonitoringEventType.DisruptionCleared], events.Select(e => e.Type));
        Assert.Equal([1, 2, 3], events.Select(e => e.Disruption!.Version));
        Assert.Single(events.Select(e => e.Disruption!.Id).Distinct());
        Assert.All(events, e => Assert.Equal(now, e.TriggerReceivedAt));
    }

    [Fact]
    public async Task Feed_directory_adds_up_what_gateways_report()
    {
        var directory = fixture.Client.GetGrain<IFeedDirectoryGrain>(IFeedDirectoryGrain.DefaultKey);
        var t1 = DateTimeOffset.UtcNow;

        await directory.Record([new FeedActivity("sum-feed", 2, 100, 3, 0, 41, t1)]);
        await directory.Record([new FeedActivity("sum-feed", 1, 50, 0, 1, 42, t1.AddSeconds(1))]);

        var feed = (await directory.List()).Single(f => f.FeedId == "sum-feed");
        Assert.Equal(new FeedActivity("sum-feed", 3, 150, 3, 1, 42, t1.AddSeconds(1)), feed);
    }

    [Fact]
    public async Task Feed_directory_forgets_a_feed_silent_past_the_retention()
    {
        var directory = fixture.Client.GetGrain<IFeedDirectoryGrain>(IFeedDirectoryGrain.DefaultKey);
        var now = DateTimeOffset.UtcNow;

        await directory.Record([new FeedActivity("invented-once", 1, 1, 0, 0, 1, now.AddDays(-9)), new FeedActivity("still-here", 1, 1, 0, 0, 1, now.AddDays(-1))]);
        await directory.Record([new FeedActivity("still-here", 1, 1, 0, 0, 2, now)]);

        var feeds = (await directory.List()).Select(f => f.FeedId).ToList();
        Assert.DoesNotContain("invented-once", feeds);
        Assert.Contains("still-here", feeds);
    }
}
