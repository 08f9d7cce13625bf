using Monitoring.Contracts;
using Monitoring.Contracts.Grains;

namespace Monitoring.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class SubjectGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private ISupplyNodeGrain Node(string id) => fixture.Client.GetGrain<ISupplyNodeGrain>(id);

    private static SubjectBatch Readings(string feed, ulong sequence, params double[] outputs) =>
        new(feed, sequence, Now, outputs.Select((v, i) => new NodeReading(i, Now.AddSeconds(sequence * 10 + (ulong)i), Metric.OutputTpd, v, null)).ToList(), [], []);

    [Fact]
    public async Task A_batch_is_applied_once_and_its_resend_is_a_duplicate()
    {
        var node = Node("dedupe.mine");

        var first = await node.Apply(Readings("feed-a", 5, 700, 710));
        var again = await node.Apply(Readings("feed-a", 5, 700, 710));
        var otherFeed = await node.Apply(Readings("feed-b", 5, 720));

        Assert.Equal((false, 2), (first.Duplicate, first.Applied));
        Assert.Equal((true, 2), (again.Duplicate, again.Applied));
        Assert.False(otherFeed.Duplicate);
        Assert.Equal(3, (await node.GetSnapshot()).ObservationsApplied);
    }

    [Fact]
    public async Task A_sequence_below_the_feed_s_window_is_refused_whole_and_changes_nothing()
    {
        var node = Node("window.mine");
        await node.Apply(Readings("feed-low", 1_000, 700));

        var low = await node.Apply(Readings("feed-low", 5, 10, 20));

        Assert.Equal((true, 1_000UL, 0, false), (low.BelowWindow, low.FeedHighest, low.Applied, low.Duplicate));
        Assert.Equal(1, (await node.GetSnapshot()).ObservationsApplied);
    }

    [Fact]
    public async Task After_a_reset_the_feed_s_new_epoch_starts_an_empty_window_and_its_old_epoch_is_refused()
    {
        var node = Node("window.plant");
        await node.Apply(Readings("feed-reset", 1_000, 700));

        var afresh = await node.Apply(Readings("feed-reset", 1, 710) with { FeedEpoch = 1 });
        var stale = await node.Apply(Readings("feed-reset", 1_001, 720));

        Assert.Equal((false, 1), (afresh.BelowWindow, afresh.Applied));
        Assert.Equal((true, 1UL, 1), (stale.BelowWindow, stale.FeedHighest, stale.FeedEpoch));
    }

    [Fact]
    public async Task Applied_sequences_survive_deactivation()
    {
        var node = Node("dedupe.port");
        var batch = new SubjectBatch("feed-c", 9, Now, [new NodeReading(0, Now, Metric.HandledTpd, 1500, null)], [], []);
        await node.Apply(batch);

        await fixture.Cluster.DeactivateAsync(node);
        var resent = await node.Apply(batch);

        Assert.True(resent.Duplicate);
        var snapshot = await node.GetSnapshot();
        Assert.Equal(1, snapshot.ObservationsApplied);
        Assert.Equal(1500, snapshot.Metrics.Single().Latest);
    }

    [Fact]
    public async Task Output_drop_is_flagged_by_the_call_that_carries_the_third_low_reading()
    {
        var node = Node("drop.mine");
        var index = fixture.Client.GetGrain<IDisruptionIndexGrain>("cu");
        var query = DisruptionQuery.Active with { SubjectId = "drop.mine" };

        // Baseline 1000 t/d × 0.8 = 800; 200 t/d is a quarter of it: CRITICAL.
        await node.Apply(Readings("feed-d", 1, 200));
        await node.Apply(Readings("feed-d", 2, 200));
        Assert.Empty(await index.List(query));

        await node.Apply(Readings("feed-d", 3, 200));

        var listed = Assert.Single(await index.List(query));
        Assert.Equal((DisruptionKind.OutputDrop, Severity.Critical, DisruptionState.Open), (listed.Kind, listed.Severity, listed.State));
        var snapshot = await node.GetSnapshot();
        Assert.Equal(OperationalStatus.Disrupted, snapshot.Status);
        Assert.Equal(listed.Id, Assert.Single(snapshot.Disruptions).Id);
        Assert.Equal([200.0, 200.0, 200.0], snapshot.Metrics.Single().Points.Select(p => p.Value));
    }

    [Fact]
    public async Task A_node_outside_the_topology_rejects_every_observation()
    {
        var result = await Node("unconfigured.nowhere").Apply(Readings("feed-e", 1, 5, 6));

        Assert.Equal(0, result.Applied);
        Assert.Equal([0, 1], result.Rejections.Select(r => r.Index));
        Assert.All(result.Rejections, r => Assert.Equal(RejectionCodes.UnknownSubject, r.Code));
    }

    [Fact]
    public async Task A_port_closure_declared_on_a_lane_blocks_it_until_the_provider_clears_it()
    {
        var lane = fixture.Client.GetGrain<IShipmentLaneGrain>("declared.lane.port-plant");
        var report = new DisruptionReport(0, Now, "closure-1", Cause.PortClosure, Severity.Critical, TimeSpan.FromDays(2), "harbour closed", false);

        await lane.Apply(new SubjectBatch("feed-f", 1, Now, [], [], [report]));
        var open = Assert.Single((await lane.GetSnapshot()).Disruptions);
        Assert.Equal((DisruptionKind.LaneBlocked, DisruptionState.Open, SubjectType.Lane), (open.Kind, open.State, open.SubjectType));
        Assert.Equal(OperationalStatus.Disrupted, (await lane.GetSnapshot()).Status);

        await lane.Apply(new SubjectBatch("feed-f", 2, Now, [], [], [report with { Clear = true }]));
        var snapshot = await lane.GetSnapshot();
        Assert.Equal(OperationalStatus.Operational, snapshot.Status);
        var cleared = Assert.Single(snapshot.Disruptions);
        Assert.Equal((open.Id, DisruptionState.Cleared), (cleared.Id, cleared.State));
        var indexed = Assert.Single(await fixture.Client.GetGrain<IDisruptionIndexGrain>("cu").List(DisruptionQuery.Active with { IncludeClosed = true, SubjectId = "declared.lane.port-plant" }));
        Assert.Equal(DisruptionState.Cleared, indexed.State);
    }

    [Fact]
    public async Task A_declared_disruption_clears_by_itself_when_its_expected_end_passes()
    {
        var node = Node("declared.mine");
        var report = new DisruptionReport(0, Now, "short-1", Cause.Maintenance, Severity.Warning, TimeSpan.FromSeconds(1), "planned stop", false);
        await node.Apply(new SubjectBatch("feed-i", 1, DateTimeOffset.UtcNow, [], [], [report]));

        // No further call: the grain's own timer clears it and tells the index.
        var cleared = await Poll.UntilAsync(async () =>
            (await fixture.Client.GetGrain<IDisruptionIndexGrain>("cu").List(DisruptionQuery.Active with { IncludeClosed = true, SubjectId = "declared.mine", Kind = DisruptionKind.Declared }))
                .SingleOrDefault(d => d.State == DisruptionState.Cleared),
            TimeSpan.FromSeconds(15), "the declared disruption to clear");

        Assert.Equal("expected end passed", cleared.History[^1].Reason);
    }

    [Fact]
    public async Task An_expected_end_that_passed_while_inactive_is_cleared_and_published_on_activation()
    {
        var node = Node("declared.plant");
        var report = new DisruptionReport(0, Now, "short-2", Cause.Power, Severity.Critical, TimeSpan.FromSeconds(1), "grid outage", false);
        await node.Apply(new SubjectBatch("feed-j", 1, DateTimeOffset.UtcNow, [], [], [report]));
        await fixture.Cluster.DeactivateAsync(node);

        // Any call activates it again; the index must then hear that the disruption cleared.
        var cleared = await Poll.UntilAsync(async () =>
        {
            await node.GetSnapshot();
            return (await fixture.Client.GetGrain<IDisruptionIndexGrain>("cu").List(DisruptionQuery.Active with { IncludeClosed = true, SubjectId = "declared.plant", Kind = DisruptionKind.Declared }))
                .SingleOrDefault(d => d.State == DisruptionState.Cleared);
        }, TimeSpan.FromSeconds(15), "the expired disruption to be published as cleared");

        Assert.DoesNotContain((await node.GetSnapshot()).Disruptions, d => d.Kind == DisruptionKind.Declared && d.State.IsActive());
        Assert.Equal("expected end passed", cleared.History[^1].Reason);
    }

    [Fact]
    public async Task Shipments_are_tracked_until_they_arrive()
    {
        var lane = fixture.Client.GetGrain<IShipmentLaneGrain>("declared.lane.mine-port");
        var departed = new ShipmentUpdate(0, Now.AddHours(-10), "ship-1", ShipmentEventKind.Departed, 900, Now.AddHours(-2), -24, -69);
        await lane.Apply(new SubjectBatch("feed-g", 1, Now, [], [departed], []));
        Assert.Equal("ship-1", Assert.Single((await lane.GetSnapshot()).Shipments).ShipmentId);

        await lane.Apply(new SubjectBatch("feed-g", 2, Now, [], [departed with { Kind = ShipmentEventKind.Arrived, ObservedAt = Now }], []));

        var snapshot = await lane.GetSnapshot();
        Assert.Empty(snapshot.Shipments);
        Assert.Equal(10, snapshot.MeanTransitHours!.Value, 3);
    }

    [Fact]
    public async Task Shipment_events_that_break_the_lifecycle_are_refused_one_by_one_and_change_nothing()
    {
        var lane = fixture.Client.GetGrain<IShipmentLaneGrain>("voyage.lane.mine-port");
        ShipmentUpdate Event(int index, string shipment, ShipmentEventKind kind, double hoursAgo) =>
            new(index, Now.AddHours(-hoursAgo), shipment, kind, 900, null, null, null);

        var first = await lane.Apply(new SubjectBatch("feed-voyage", 1, Now, [],
        [
            Event(0, "ship-a", ShipmentEventKind.Departed, 10),
            Event(1, "ship-b", ShipmentEventKind.Arrived, 9),   // never departed
            Event(2, "ship-a", ShipmentEventKind.Position, 8),
            Event(3, "ship-a", ShipmentEventKind.Departed, 7),  // still in transit
        ], []));
        var second = await lane.Apply(new SubjectBatch("feed-voyage", 2, Now, [],
        [
            Event(0, "ship-a", ShipmentEventKind.Position, 9),  // older than its last event (8 h ago)
            Event(1, "ship-a", ShipmentEventKind.Arrived, 1),
            Event(2, "ship-a", ShipmentEventKind.Arrived, 0),   // arrived already, in this very batch
        ], []));

        Assert.Equal(2, first.Applied);
        Assert.Equal([(1, RejectionCodes.InvalidTransition), (3, RejectionCodes.InvalidTransition)], first.Rejections.Select(r => (r.Index, r.Code)));
        Assert.Contains("ship-a is already in transit", first.Rejections[1].Message);
        Assert.Equal(1, second.Applied);
        Assert.Equal([(0, RejectionCodes.OutOfOrder), (2, RejectionCodes.InvalidTransition)], second.Rejections.Select(r => (r.Index, r.Code)).Order());
        var snapshot = await lane.GetSnapshot();
        Assert.Empty(snapshot.Shipments);
        Assert.Equal(9, snapshot.MeanTransitHours!.Value, 3); // departed 10 h ago, arrived 1 h ago: the refused events moved nothing
        Assert.Equal(3, snapshot.ObservationsApplied);
    }

    [Fact]
    public async Task Batches_arriving_together_share_one_state_write_and_each_returns_once_stored()
    {
        var node = Node("commit.mine");
        await node.Apply(Readings("feed-commit", 1, 900));
        var id = ((GrainReference)node).GrainId;
        var before = CountingGrainStorage.Writes.GetValueOrDefault(id);

        // Twenty batches in flight at once: applied as they come, stored by one group-commit write.
        var results = await Task.WhenAll(Enumerable.Range(2, 20).Select(i => node.Apply(Readings("feed-commit", (ulong)i, 900 + i))));

        Assert.All(results, r => Assert.False(r.Duplicate));
        var writes = CountingGrainStorage.Writes.GetValueOrDefault(id) - before;
        Assert.InRange(writes, 1, 2);
        Assert.Equal(21, (await node.GetSnapshot()).ObservationsApplied);

        // Stored before they returned: a fresh activation has all of them, and knows their sequences.
        await fixture.Cluster.DeactivateAsync(node);
        Assert.True((await node.Apply(Readings("feed-commit", 21, 921))).Duplicate);
        Assert.Equal(21, (await node.GetSnapshot()).ObservationsApplied);
    }

    [Fact]
    public async Task A_batch_that_names_its_predecessor_waits_for_it_and_readings_apply_in_stream_order()
    {
        var node = Node("commit.port");
        var earlier = new SubjectBatch("feed-order", 7, Now, [new NodeReading(0, Now.AddSeconds(1), Metric.HandledTpd, 1100, null)], [], []);
        var later = new SubjectBatch("feed-order", 8, Now, [new NodeReading(0, Now.AddSeconds(2), Metric.HandledTpd, 1200, null)], [], [], After: 7);

        // The later batch arrives first: it waits, interleaved, for the earlier one.
        var laterCall = node.Apply(later);
        var earlierResult = await node.Apply(earlier);
        var laterResult = await laterCall;

        Assert.False(earlierResult.Duplicate);
        Assert.False(laterResult.Duplicate);
        var series = (await node.GetSnapshot()).Metrics.Single();
        Assert.Equal(1200, series.Latest);
        Assert.Equal([1100.0, 1200.0], series.Points.Select(p => p.Value).TakeLast(2));
    }

    [Fact]
    public async Task Writes_of_batches_and_an_acknowledgement_that_come_due_while_another_is_in_flight_wait_for_it_and_all_are_stored()
    {
        var node = Node("window.port");
        await node.Apply(new SubjectBatch("feed-overlap", 1, Now, [], [], [new DisruptionReport(0, Now, "gate", Cause.Accident, Severity.Warning, null, "gate crane down", false)]));
        var disruption = Assert.Single((await node.GetSnapshot()).Disruptions).Id;
        var id = ((GrainReference)node).GrainId;
        var writes = CountingGrainStorage.Writes.GetValueOrDefault(id);

        // Slower than the silo's checkpoint window (200 ms), so the batch's write comes due while the first is in flight.
        CountingGrainStorage.Slow[id] = TimeSpan.FromSeconds(2);
        try
        {
            // A batch's write is in flight; another batch interleaves and comes due at the next checkpoint; an
            // acknowledgement queues behind them and stores at once.
            var first = node.Apply(new SubjectBatch("feed-overlap", 2, Now, [new NodeReading(0, Now, Metric.HandledTpd, 1500, null)], [], []));
            await Poll.UntilAsync(() => Task.FromResult(CountingGrainStorage.Writes.GetValueOrDefault(id) > writes), TimeSpan.FromSeconds(10), "the first batch's write under way");
            var second = node.Apply(new SubjectBatch("feed-overlap", 3, Now, [new NodeReading(0, Now.AddSeconds(1), Metric.HandledTpd, 1510, null)], [], []));
            var acknowledged = await node.Acknowledge(disruption, "ops-desk", "crew on site");
            var applied = await Task.WhenAll(first, second);

            Assert.Equal(DisruptionActionOutcome.Done, acknowledged.Outcome);
            Assert.All(applied, a => Assert.Equal((false, 1), (a.Duplicate, a.Applied)));
        }
        finally
        {
            CountingGrainStorage.Slow.TryRemove(id, out _);
        }
        // Not diverged: it goes on applying, and storage holds every change.
        Assert.False((await node.Apply(new SubjectBatch("feed-overlap", 4, Now, [new NodeReading(0, Now.AddSeconds(2), Metric.HandledTpd, 1520, null)], [], []))).Duplicate);
        await fixture.Cluster.DeactivateAsync(node);
        var stored = await node.GetSnapshot();
        Assert.Equal((DisruptionState.Acknowledged, 4L), (Assert.Single(stored.Disruptions).State, stored.ObservationsApplied));
    }

    [Fact]
    public async Task A_batch_whose_write_fails_is_not_acknowledged_and_its_resend_applies_it_once()
    {
        var node = Node("commit.plant");
        await node.Apply(new SubjectBatch("feed-fail", 1, Now, [new NodeReading(0, Now, Metric.OutputTpd, 400, null)], [], []));
        var id = ((GrainReference)node).GrainId;
        var second = new SubjectBatch("feed-fail", 2, Now, [new NodeReading(0, Now.AddSeconds(1), Metric.OutputTpd, 410, null)], [], []);

        CountingGrainStorage.Failing[id] = true;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => node.Apply(second));
        }
        finally
        {
            CountingGrainStorage.Failing.TryRemove(id, out _);
        }

        // The grain reloads what was stored (batch 1 only); the resend applies batch 2, once.
        var resent = await Poll.UntilAsync(async () =>
        {
            try
            {
                return await node.Apply(second);
            }
            catch (Exception)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(15), "the resend to be accepted by the reloaded grain");
        Assert.False(resent.Duplicate);
        Assert.Equal(2, (await node.GetSnapshot()).ObservationsApplied);
        Assert.True((await node.Apply(second)).Duplicate);
    }
}
