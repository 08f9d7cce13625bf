using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Tests.Grains;

/// <summary>A cluster of its own: these tests replace the topology.</summary>
public sealed class EmptyClusterFixture : ClusterFixture
{
    protected override TopologySpec? Topology => null;
}

public sealed class TopologyGrainTests(EmptyClusterFixture fixture) : IClassFixture<EmptyClusterFixture>
{
    private ITopologyGrain Topology => fixture.Client.GetGrain<ITopologyGrain>(ITopologyGrain.DefaultKey);

    [Fact]
    public async Task Applying_configures_every_subject_and_replacing_removes_the_missing_ones()
    {
        var first = await Topology.Apply(TestTopologies.Chains("a", "b"));
        Assert.Equal((6, 4, 2, 10), (first.NodeCount, first.LaneCount, first.CommodityCount, first.Added));

        var node = await fixture.Client.GetGrain<ISupplyNodeGrain>("b.mine").GetSnapshot();
        Assert.Equal("b.mine", node.Spec!.Id);
        Assert.Equal(OperationalStatus.Operational, node.Status);
        var lane = await fixture.Client.GetGrain<IShipmentLaneGrain>("b.lane.port-plant").GetSnapshot();
        Assert.Equal("b.port", lane.Spec!.FromNodeId);

        var registry = await Topology.GetRegistry();
        Assert.Equal(first.Version, registry.Version);
        Assert.Equal(SubjectType.Lane, registry.TypeOf("a.lane.mine-port"));
        Assert.Equal(["cu", "li"], registry.Commodities);

        var second = await Topology.Apply(TestTopologies.Chains("a"));
        Assert.Equal(first.Version + 1, second.Version);
        Assert.Equal((0, 5, 5), (second.Added, second.Updated, second.Removed));
        Assert.Null((await fixture.Client.GetGrain<ISupplyNodeGrain>("b.mine").GetSnapshot()).Spec);
        Assert.Null((await Topology.GetRegistry()).TypeOf("b.mine"));
        Assert.Equal(second.Version, await Topology.GetVersion());
    }

    [Fact]
    public async Task A_subject_removed_and_added_again_never_reuses_a_disruption_id()
    {
        var report = new DisruptionReport(0, DateTimeOffset.UtcNow, "strike", Cause.Strike, Severity.Critical, null, "", false);
        var port = fixture.Client.GetGrain<ISupplyNodeGrain>("again.port");
        var index = fixture.Client.GetGrain<IDisruptionIndexGrain>("cu");

        await Topology.Apply(TestTopologies.Chains("again"));
        await port.Apply(new SubjectBatch("f", 1, DateTimeOffset.UtcNow, [], [], [report]));
        var first = Assert.Single((await port.GetSnapshot()).Disruptions).Id;

        await Topology.Apply(TestTopologies.Chains("other"));
        var retired = await Poll.UntilAsync(async () =>
            (await index.List(DisruptionQuery.Active with { IncludeClosed = true, SubjectId = "again.port" })).SingleOrDefault(d => d.State == DisruptionState.Cleared),
            TimeSpan.FromSeconds(10), "the retired port's disruption to be cleared");
        Assert.Equal(first, retired.Id);

        await Topology.Apply(TestTopologies.Chains("again"));
        await port.Apply(new SubjectBatch("f", 2, DateTimeOffset.UtcNow, [], [], [report with { ReportId = "strike-2" }]));
        var second = Assert.Single((await port.GetSnapshot()).Disruptions).Id;

        Assert.NotEqual(first, second);
        var open = Assert.Single(await index.List(DisruptionQuery.Active with { SubjectId = "again.port" }));
        Assert.Equal(second, open.Id);
    }

    [Fact]
    public async Task An_invalid_topology_is_refused_with_every_problem_and_changes_nothing()
    {
        await Topology.Apply(TestTopologies.Chains("keep"));
        var before = await Topology.GetVersion();
        var broken = TestTopologies.Chains("x") is var t
            ? t with { Lanes = [.. t.Lanes, TestTopologies.Lane("x.lane.bad", "x.mine", "nowhere")], Nodes = [.. t.Nodes, TestTopologies.Mine("x.mine")] }
            : t;

        var error = await Assert.ThrowsAsync<TopologyValidationException>(() => Topology.Apply(broken));

        Assert.Contains(error.Errors, e => e.Contains("duplicate id 'x.mine'"));
        Assert.Contains(error.Errors, e => e.Contains("unknown node 'nowhere'"));
        Assert.Contains("nodes[3].id", error.Fields);
        Assert.Contains("lanes[2].to", error.Fields);
        Assert.Equal(before, await Topology.GetVersion());
        Assert.NotNull((await fixture.Client.GetGrain<ISupplyNodeGrain>("keep.mine").GetSnapshot()).Spec);
    }

    [Fact]
    public async Task A_decommission_from_an_older_topology_than_the_subjects_configuration_changes_nothing()
    {
        var applied = await Topology.Apply(TestTopologies.Chains("late"));
        var mine = fixture.Client.GetGrain<ISupplyNodeGrain>("late.mine");

        await mine.Decommission(applied.Version - 1);
        Assert.NotNull((await mine.GetSnapshot()).Spec);

        await mine.Decommission(applied.Version);
        Assert.Null((await mine.GetSnapshot()).Spec);
    }
}
