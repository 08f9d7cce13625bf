using Monitoring.Api.V1;
using Monitoring.Bench.Workloads;
using Monitoring.Domain.Topology;
using Monitoring.Gateway.Ingest;

namespace Monitoring.Tests.Unit.Bench;

/// <summary>The benchmark's workloads are what docs/benchmarks.md says, and valid: the platform must not reject any of it.</summary>
public sealed class WorkloadTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void W1_topology_is_valid_with_ten_thousand_nodes_and_five_thousand_lanes()
    {
        var workload = new Workload(WorkloadKind.W1, 10_000, 5_000, 4);
        var loaded = TopologyYaml.Load(workload.TopologyYaml(), "bench.yaml");

        Assert.Empty(loaded.Issues);
        Assert.Equal(10_000, loaded.Topology!.Nodes.Count);
        Assert.Equal(5_000, loaded.Topology.Lanes.Count);
    }

    [Theory]
    [InlineData(WorkloadKind.W1)]
    [InlineData(WorkloadKind.W2)]
    public void Every_batch_passes_the_gateways_checks_and_spans_fifty_subjects_with_five_percent_shipments(WorkloadKind kind)
    {
        var workload = new Workload(kind, 2_000, 1_000, 4);
        var registry = Registry(workload);
        var triggers = 0;
        for (var feed = 0; feed < 4; feed++)
        {
            var batches = workload.ForFeed(feed, "test", seed: feed);
            for (var i = 0; i < 200; i++)
            {
                var request = new PublishRequest { FeedId = Workload.FeedId(feed), Sequence = (ulong)i + 1 };
                request.Observations.AddRange(batches.Next(Now.AddSeconds(i)));
                var plan = IngestPlanner.Plan(request, registry, Now.AddSeconds(i), new IngestOptions());

                Assert.Empty(plan.Rejections);
                Assert.Equal(Workload.ObservationsPerBatch, request.Observations.Count);
                Assert.Equal(Workload.SubjectsPerBatch, plan.Work.Count);
                Assert.Equal(Workload.ShipmentsPerBatch, request.Observations.Count(o => o.BodyCase == Observation.BodyOneofCase.Shipment));
                if (batches.LastTrigger is not null) triggers++;
            }
        }
        // One observation in a thousand: a trigger every other batch.
        Assert.Equal(4 * 200 / Workload.BatchesPerTrigger, triggers);
    }

    [Fact]
    public void W2_sends_eighty_percent_of_the_observations_to_the_hundred_hot_nodes()
    {
        var workload = new Workload(WorkloadKind.W2, 2_000, 1_000, 4);
        var hot = Enumerable.Range(0, Workload.HotNodes).Select(Workload.NodeId).ToHashSet();
        var batches = workload.ForFeed(0, "test", seed: 1);
        var all = Enumerable.Range(0, 50).SelectMany(i => batches.Next(Now.AddSeconds(i))).ToList();

        var toHot = all.Count(o => o.BodyCase == Observation.BodyOneofCase.Measurement && hot.Contains(o.Measurement.NodeId));
        Assert.InRange(toHot / (double)all.Count, 0.75, 0.85);
    }

    [Fact]
    public void Each_lane_hears_from_one_feed_only_and_its_shipments_alternate_departure_and_arrival()
    {
        var workload = new Workload(WorkloadKind.W1, 2_000, 1_000, 4);
        var laneFeeds = new Dictionary<string, HashSet<int>>();
        var lastKind = new Dictionary<string, (string Shipment, ShipmentEventKind Kind)>();
        for (var feed = 0; feed < 4; feed++)
        {
            var batches = workload.ForFeed(feed, "test", seed: feed);
            for (var i = 0; i < 100; i++)
            {
                foreach (var s in batches.Next(Now.AddSeconds(i)).Where(o => o.BodyCase == Observation.BodyOneofCase.Shipment).Select(o => o.Shipment))
                {
                    (laneFeeds.TryGetValue(s.LaneId, out var feeds) ? feeds : laneFeeds[s.LaneId] = []).Add(feed);
                    if (lastKind.TryGetValue(s.LaneId, out var last))
                    {
                        // DEPARTED s → ARRIVED s → DEPARTED s+1 …
                        Assert.Equal(last.Kind == ShipmentEventKind.Departed ? ShipmentEventKind.Arrived : ShipmentEventKind.Departed, s.Kind);
                        if (s.Kind == ShipmentEventKind.Arrived) Assert.Equal(last.Shipment, s.ShipmentId);
                        else Assert.NotEqual(last.Shipment, s.ShipmentId);
                    }
                    else
                    {
                        Assert.Equal(ShipmentEventKind.Departed, s.Kind);
                    }
                    lastKind[s.LaneId] = (s.ShipmentId, s.Kind);
                }
            }
        }
        Assert.NotEmpty(laneFeeds);
        Assert.All(laneFeeds.Values, feeds => Assert.Single(feeds));
    }

    private static Contracts.SubjectRegistry Registry(Workload workload) =>
        Contracts.SubjectRegistry.For(TopologyYaml.Load(workload.TopologyYaml()).Topology!, 1);
}
