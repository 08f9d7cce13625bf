using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Tests.Grains;

/// <summary>The lithium commodity grain of the fixture: two mines of 100 t/d, ind.mine.a and ind.mine.b.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IndicatorGrainTests(ClusterFixture fixture)
{
    private ICommodityGrain Lithium => fixture.Client.GetGrain<ICommodityGrain>("li");

    private static double ExtractionRatio(CommodityIndicators indicators) => indicators.Stages.Single(s => s.Stage == Stage.Extraction).AvailableRatio;

    [Fact]
    public async Task A_status_change_updates_the_indicators_and_emits_an_indicators_changed_event()
    {
        await using var observer = await EventRecorder.SubscribeAsync(fixture.Client, "indicator-test");
        var mine = fixture.Client.GetGrain<ISupplyNodeGrain>("ind.mine.a");
        var now = DateTimeOffset.UtcNow;
        var report = new DisruptionReport(0, now, "flood-1", Cause.Weather, Severity.Critical, TimeSpan.FromDays(12), "pit flooded", false);
        await Poll.UntilAsync(async () => ExtractionRatio(await Lithium.GetIndicators()) == 1, TimeSpan.FromSeconds(10), "both lithium mines available");

        await mine.Apply(new SubjectBatch("feed-ind", 1, now, [], [], [report]));

        var disrupted = await Poll.UntilAsync(async () =>
        {
            var indicators = await Lithium.GetIndicators();
            return ExtractionRatio(indicators) == 0.5 ? indicators : null;
        }, TimeSpan.FromSeconds(10), "lithium extraction at half its capacity");
        var exposure = disrupted.Nodes.Single(n => n.NodeId == "ind.mine.a");
        Assert.Equal(OperationalStatus.Disrupted, exposure.Status);
        Assert.Equal(12, exposure.TtrDays, 1e-9);
        Assert.Contains(new NodeStatus("ind.mine.a", OperationalStatus.Disrupted), await Lithium.GetNodeStatuses());

        var changed = await Poll.UntilAsync(async () =>
        {
            await Task.CompletedTask;
            return observer.Received.FirstOrDefault(e => e.Type == MonitoringEventType.IndicatorsChanged && e.Indicators is { Commodity: "li" } i && ExtractionRatio(i) == 0.5);
        }, TimeSpan.FromSeconds(10), "INDICATORS_CHANGED for lithium");
        Assert.Equal(disrupted.Score.Value, changed.Indicators!.Score.Value, 1e-9);
        Assert.Empty(changed.Indicators.Nodes);

        // The conditions are stored: a fresh activation of the commodity grain knows the mine is down.
        await fixture.Cluster.DeactivateAsync(Lithium);
        Assert.Equal(0.5, ExtractionRatio(await Lithium.GetIndicators()));

        await mine.Apply(new SubjectBatch("feed-ind", 2, DateTimeOffset.UtcNow, [], [], [report with { Clear = true }]));
        await Poll.UntilAsync(async () => ExtractionRatio(await Lithium.GetIndicators()) == 1, TimeSpan.FromSeconds(10), "lithium extraction back to full");
        Assert.DoesNotContain(await Lithium.GetNodeStatuses(), n => n.NodeId == "ind.mine.a");
    }

    [Fact]
    public async Task Stress_tests_and_appraisals_change_nothing()
    {
        var before = await Lithium.GetIndicators();
        var candidate = new CandidateProject("cand.li.mine", "new mine", ProjectKind.NewNode, "li", Stage.Extraction, "AU", "op", 50, 100, 2, null, null, null, 0);

        var stress = await Lithium.RunStressTest(new StressScenario(["ind.mine.a", "ind.mine.b"], [], 30));
        var appraisals = await Lithium.AppraiseProjects([candidate]);

        Assert.Equal(0, stress.Stages.Single(s => s.Stage == Stage.Extraction).AvailableRatioDuring);
        Assert.True(Assert.Single(appraisals).HhiDelta < 0);
        // Read back what is stored, not what the activation holds in memory.
        await fixture.Cluster.DeactivateAsync(Lithium);
        var after = await Lithium.GetIndicators();
        Assert.Equal(before.Score, after.Score);
        Assert.Equal(before.Stages.Select(s => s.AvailableTonnesPerDay), after.Stages.Select(s => s.AvailableTonnesPerDay));
    }
}
