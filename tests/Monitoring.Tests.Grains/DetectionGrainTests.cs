using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Tests.Grains;

/// <summary>The detection engine inside grains: time passing, propagation along lanes, operator actions.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DetectionGrainTests(ClusterFixture fixture)
{
    private IDisruptionIndexGrain Index => fixture.Client.GetGrain<IDisruptionIndexGrain>("cu");

    private Task<Disruption?> Listed(string subjectId, DisruptionKind kind, bool includeClosed = false) =>
        Index.List(DisruptionQuery.Active with { SubjectId = subjectId, Kind = kind, IncludeClosed = includeClosed }).ContinueWith(t => t.Result.FirstOrDefault());

    [Fact]
    public async Task A_silent_feed_is_flagged_even_after_the_node_was_deactivated()
    {
        var node = fixture.Client.GetGrain<ISupplyNodeGrain>("chatty.mine");
        var now = DateTimeOffset.UtcNow;
        await node.Apply(new SubjectBatch("chatty", 1, now, [new NodeReading(0, now, Metric.OutputTpd, 800, null)], [], []));
        await fixture.Cluster.DeactivateAsync(node);

        // Nothing calls the node now: its reminder wakes it up and it notices the silence.
        var silent = await Poll.UntilAsync(() => Listed("chatty.mine", DisruptionKind.FeedSilent), TimeSpan.FromSeconds(20), "FEED_SILENT on chatty.mine");
        Assert.Equal(Severity.Warning, silent.Severity);
        Assert.Equal(OperationalStatus.Unknown, (await node.GetSnapshot()).Status);

        var later = DateTimeOffset.UtcNow;
        await node.Apply(new SubjectBatch("chatty", 2, later, [new NodeReading(0, later, Metric.OutputTpd, 800, null)], [], []));
        Assert.Null(await Listed("chatty.mine", DisruptionKind.FeedSilent));
    }

    [Fact]
    public async Task A_disruption_travels_three_hops_along_lanes_and_its_recovery_follows()
    {
        var now = DateTimeOffset.UtcNow;
        async Task Inventory(string node, double tonnes) =>
            await fixture.Client.GetGrain<ISupplyNodeGrain>(node).Apply(new SubjectBatch($"feed-{node}", 1, now, [new NodeReading(0, now, Metric.InventoryT, tonnes, null)], [], []));
        await Inventory("line.smelter", 3 * 800);
        await Inventory("line.port", 2 * 1600);
        await Inventory("line.plant", 8 * 500);
        var mine = fixture.Client.GetGrain<ISupplyNodeGrain>("line.mine");
        var report = new DisruptionReport(0, now, "landslide", Cause.Accident, Severity.Critical, TimeSpan.FromDays(10), "pit wall failure", false);

        await mine.Apply(new SubjectBatch("feed-line.mine", 1, now, [], [], [report]));

        var plant = await Poll.UntilAsync(() => Listed("line.plant", DisruptionKind.UpstreamExposure), TimeSpan.FromSeconds(15), "exposure three hops down");
        Assert.Equal(Severity.Critical, plant.Severity);
        Assert.Contains("line.mine--declared-1", plant.Evidence[0].Note);
        Assert.NotNull(await Listed("line.smelter", DisruptionKind.UpstreamExposure));
        Assert.NotNull(await Listed("line.mine:line.smelter", DisruptionKind.LaneBlocked));
        Assert.Equal(OperationalStatus.Disrupted, (await fixture.Client.GetGrain<ISupplyNodeGrain>("line.port").GetSnapshot()).Status);

        await mine.Apply(new SubjectBatch("feed-line.mine", 2, now, [], [], [report with { Clear = true }]));

        await Poll.UntilAsync(async () =>
            (await Index.List(DisruptionQuery.Active)).All(d => !d.SubjectId.StartsWith("line.", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(15), "every disruption along the line to clear");
        foreach (var node in new[] { "line.mine", "line.smelter", "line.port", "line.plant" })
        {
            Assert.Equal(OperationalStatus.Operational, (await fixture.Client.GetGrain<ISupplyNodeGrain>(node).GetSnapshot()).Status);
        }
    }

    [Fact]
    public async Task Operators_acknowledge_and_resolve_with_history_kept_in_the_grain_and_the_index()
    {
        var node = fixture.Client.GetGrain<ISupplyNodeGrain>("declared.port");
        var now = DateTimeOffset.UtcNow;
        await node.Apply(new SubjectBatch("ops", 1, now, [], [], [new DisruptionReport(0, now, "gate", Cause.Accident, Severity.Warning, null, "gate crane down", false)]));
        var id = (await Listed("declared.port", DisruptionKind.Declared))!.Id;

        var acknowledged = await node.Acknowledge(id, "ops-desk", "crane crew on site");
        var resolved = await node.Resolve(id, "ops-desk", "crane repaired");
        var again = await node.Resolve(id, "ops-desk", "twice");

        Assert.Equal((DisruptionActionOutcome.Done, DisruptionState.Acknowledged), (acknowledged.Outcome, acknowledged.Disruption!.State));
        Assert.Equal((DisruptionActionOutcome.Done, DisruptionState.Resolved), (resolved.Outcome, resolved.Disruption!.State));
        Assert.Equal(DisruptionActionOutcome.NotAllowed, again.Outcome);
        Assert.Equal(["feed:ops", "ops-desk", "ops-desk"], resolved.Disruption.History.Select(h => h.Actor));
        Assert.Equal(["declared by provider", "crane crew on site", "crane repaired"], resolved.Disruption.History.Select(h => h.Reason));
        var indexed = await Listed("declared.port", DisruptionKind.Declared, includeClosed: true);
        Assert.Equal((DisruptionState.Resolved, 3), (indexed!.State, indexed.History.Count));
        var stored = Assert.Single((await node.GetSnapshot()).Disruptions, d => d.Id == id);
        Assert.Equal((DisruptionState.Resolved, 3), (stored.State, stored.Version));
    }
}
