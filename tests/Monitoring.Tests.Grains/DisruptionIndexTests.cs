using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class DisruptionIndexTests(ClusterFixture fixture)
{
    private static Disruption Sample(int i, DisruptionState state, DateTimeOffset at) => new(
        $"index.node--declared-{i}", "index.node", SubjectType.Node, "Index node", ["retention"], DisruptionKind.Declared,
        i % 2 == 0 ? Severity.Warning : Severity.Critical, state, at, null, at.AddSeconds(i), "test", [], [], Cause.Other, null, $"r{i}", null, 1);

    [Fact]
    public async Task Retention_is_bounded_and_keeps_every_active_disruption_and_the_newest_closed_ones()
    {
        var index = fixture.Client.GetGrain<IDisruptionIndexGrain>("retention");
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 10; i++) await index.Upsert(Sample(i, DisruptionState.Open, at));
        for (var i = 10; i < 10 + 2 * ClusterFixture.RetainedPerCommodity; i++) await index.Upsert(Sample(i, DisruptionState.Cleared, at));

        var all = await index.List(DisruptionQuery.Active with { IncludeClosed = true, Limit = 10_000 });

        Assert.Equal(ClusterFixture.RetainedPerCommodity, all.Count);
        Assert.Equal(10, all.Count(d => d.State == DisruptionState.Open));
        var oldestKept = all.Where(d => d.State == DisruptionState.Cleared).Min(d => int.Parse(d.Id.Split('-')[^1]));
        Assert.Equal(10 + 2 * ClusterFixture.RetainedPerCommodity - (ClusterFixture.RetainedPerCommodity - 10), oldestKept);
    }

    [Fact]
    public async Task A_write_stores_the_changes_since_the_last_snapshot_and_a_reactivated_index_has_them_all()
    {
        var index = fixture.Client.GetGrain<IDisruptionIndexGrain>("journal");
        var id = ((GrainReference)index).GrainId;
        var at = DateTimeOffset.UtcNow;
        // 300 active disruptions, 50 at a time: enough changes for snapshots of the whole index along the way.
        for (var group = 0; group < 6; group++)
            await Task.WhenAll(Enumerable.Range(group * 50, 50).Select(i => index.Upsert(Sample(i, DisruptionState.Open, at))));
        var snapshots = CountingGrainStorage.StateWrites.GetValueOrDefault((id, "disruptions")).Count;
        var journals = CountingGrainStorage.StateWrites.GetValueOrDefault((id, "disruptions-journal")).Count;
        Assert.True(snapshots >= 1, "300 changes take at least one snapshot");

        // One new disruption and a new version of an old one: stored by a journal write, not a snapshot.
        await Task.WhenAll(index.Upsert(Sample(300, DisruptionState.Open, at)), index.Upsert(Sample(0, DisruptionState.Acknowledged, at) with { Version = 2 }));

        var (journalWrites, journal) = CountingGrainStorage.StateWrites[(id, "disruptions-journal")];
        Assert.Equal(snapshots, CountingGrainStorage.StateWrites[(id, "disruptions")].Count);
        Assert.True(journalWrites > journals);
        var written = Assert.IsType<Monitoring.Grains.Disruptions.DisruptionJournalState>(journal);
        Assert.InRange(written.Changes.Count, 2, Monitoring.Grains.Disruptions.DisruptionIndexGrain.MinJournalBeforeSnapshot);

        await fixture.Cluster.DeactivateAsync(index);
        var all = await index.List(DisruptionQuery.Active with { Limit = 1_000 });

        Assert.Equal(301, all.Count);
        Assert.Equal((2, DisruptionState.Acknowledged), all.Where(d => d.Id == Sample(0, DisruptionState.Open, at).Id).Select(d => (d.Version, d.State)).Single());
    }

    [Fact]
    public async Task A_disruption_trimmed_after_the_snapshot_does_not_come_back_from_it_on_reactivation()
    {
        var index = fixture.Client.GetGrain<IDisruptionIndexGrain>("trimmed");
        var at = DateTimeOffset.UtcNow;
        // More active disruptions than the index keeps closed ones, and enough changes for a snapshot holding #0 active.
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => index.Upsert(Sample(i, DisruptionState.Open, at))));
        await index.Upsert(Sample(100, DisruptionState.Open, at));
        Assert.True(CountingGrainStorage.StateWrites.GetValueOrDefault((((GrainReference)index).GrainId, "disruptions")).Count >= 1);

        // #0 closes: the index is over its size, so the closed #0 is trimmed at once (only the journal knows).
        await index.Upsert(Sample(0, DisruptionState.Cleared, at) with { Version = 2 });
        await fixture.Cluster.DeactivateAsync(index);
        var all = await index.List(DisruptionQuery.Active with { IncludeClosed = true, Limit = 1_000 });

        Assert.Equal(100, all.Count);
        Assert.DoesNotContain(all, d => d.Id == Sample(0, DisruptionState.Open, at).Id);
    }

    [Fact]
    public async Task Listing_filters_by_state_severity_kind_and_subject_newest_first()
    {
        var index = fixture.Client.GetGrain<IDisruptionIndexGrain>("filters");
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 6; i++) await index.Upsert(Sample(i, i < 4 ? DisruptionState.Open : DisruptionState.Resolved, at) with { Commodities = ["filters"] });

        var critical = await index.List(DisruptionQuery.Active with { MinimumSeverity = Severity.Critical });
        var resolved = await index.List(DisruptionQuery.Active with { State = DisruptionState.Resolved });
        var none = await index.List(DisruptionQuery.Active with { Kind = DisruptionKind.LaneDelay });
        var limited = await index.List(DisruptionQuery.Active with { Limit = 2 });

        Assert.Equal(["index.node--declared-3", "index.node--declared-1"], critical.Select(d => d.Id));
        Assert.Equal(["index.node--declared-5", "index.node--declared-4"], resolved.Select(d => d.Id));
        Assert.Empty(none);
        Assert.Equal(["index.node--declared-3", "index.node--declared-2"], limited.Select(d => d.Id));
    }

    [Fact]
    public async Task An_older_version_arriving_late_changes_nothing()
    {
        var index = fixture.Client.GetGrain<IDisruptionIndexGrain>("versions");
        var at = DateTimeOffset.UtcNow;
        var v2 = Sample(1, DisruptionState.Cleared, at) with { Commodities = ["versions"], Version = 2 };

        await index.Upsert(v2);
        await index.Upsert(v2 with { State = DisruptionState.Open, Version = 1 });

        Assert.Equal(DisruptionState.Cleared, Assert.Single(await index.List(DisruptionQuery.Active with { IncludeClosed = true })).State);
    }

    [Fact]
    public async Task The_tally_counts_active_disruptions_by_kind_and_severity()
    {
        var index = fixture.Client.GetGrain<IDisruptionIndexGrain>("tally");
        var at = DateTimeOffset.UtcNow;
        // 0, 2: warning open; 1, 3: critical open; 4: warning cleared; 5: critical acknowledged; 6: lane delay.
        for (var i = 0; i < 6; i++) await index.Upsert(Sample(i, i == 4 ? DisruptionState.Cleared : i == 5 ? DisruptionState.Acknowledged : DisruptionState.Open, at) with { Commodities = ["tally"] });
        await index.Upsert(Sample(6, DisruptionState.Open, at) with { Id = "index.lane--lane-delay", Kind = DisruptionKind.LaneDelay, Severity = Severity.Warning, Commodities = ["tally"] });

        var tally = (await index.Tally()).ToDictionary(t => (t.Kind, t.Severity), t => t.Active);

        Assert.Equal(3, tally.Count);
        Assert.Equal(2, tally[(DisruptionKind.Declared, Severity.Warning)]);
        Assert.Equal(3, tally[(DisruptionKind.Declared, Severity.Critical)]);
        Assert.Equal(1, tally[(DisruptionKind.LaneDelay, Severity.Warning)]);
    }
}
