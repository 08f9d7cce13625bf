using CsCheck;
using Monitoring.Contracts;
using Monitoring.Domain.Indicators;

namespace Monitoring.Tests.Unit.Indicators;

/// <summary>
/// TTS and the stress test share one substitution model; TTS reads its answer off a piecewise-linear volume instead of
/// simulating. Over random networks of a supplier, its customer and the customer's other suppliers (some behind a port),
/// the stress test must agree: an outage a little shorter than TTS does not run the customer short, a little longer does.
/// (With several customers the two differ by design: TTS pools their stock, the stress test depletes each one's; so
/// for several customers and parallel lanes the check is against the volume itself.)
/// </summary>
public sealed class SubstitutionPropertyTests
{
    private const int Iterations = 300;

    private sealed record Other(bool BehindPort, double Capacity, double Utilization, double Transit, double LaneCapacity);

    private sealed record Draft(double Capacity, double Transit, double Inventory, Other[] Others);

    private static readonly Gen<Other> OtherGen = Gen.Select(Gen.Bool, Gen.Double[1, 500], Gen.Double[0.3, 1], Gen.Double[0, 30], Gen.Double[0, 400],
        (port, capacity, utilization, transit, lane) => new Other(port, capacity, utilization, transit, lane));

    private static readonly Gen<Draft> DraftGen = Gen.Select(Gen.Double[10, 500], Gen.Double[0, 30], Gen.Double[0, 5000], OtherGen.Array[0, 4],
        (capacity, transit, inventory, others) => new Draft(capacity, transit, inventory, others));

    private static SupplyNetwork Build(Draft draft)
    {
        var builder = new NetworkBuilder()
            .Node("mine.j", Stage.Extraction, "CL", draft.Capacity, utilization: 1)
            .Node("smelter.k", Stage.Processing, "CL", 10_000, utilization: 0.5)
            .Lane("lane.j-k", "mine.j", "smelter.k", transitDays: draft.Transit)
            .Condition("smelter.k", inventory: draft.Inventory);
        for (var i = 0; i < draft.Others.Length; i++)
        {
            var o = draft.Others[i];
            builder.Node($"mine.o{i}", Stage.Extraction, "PE", o.Capacity, utilization: o.Utilization);
            if (o.BehindPort)
            {
                builder.Node($"port.p{i}", Stage.Logistics, "PE", 2 * o.Capacity, utilization: 0.5)
                    .Lane($"lane.o{i}-p{i}", $"mine.o{i}", $"port.p{i}", transitDays: o.Transit / 3)
                    .Lane($"lane.p{i}-k", $"port.p{i}", "smelter.k", o.LaneCapacity, o.Transit);
            }
            else
            {
                builder.Lane($"lane.o{i}-k", $"mine.o{i}", "smelter.k", o.LaneCapacity, o.Transit);
            }
        }
        return builder.Build();
    }

    private static DownstreamImpact? Customer(SupplyNetwork network, double days) =>
        StressTester.Downstream(network, new StressScenario(["mine.j"], [], days)).SingleOrDefault(d => d.NodeId == "smelter.k");

    [Fact]
    public void Time_to_survive_is_the_longest_outage_the_stress_test_finds_the_customer_absorbing()
    {
        DraftGen.Sample(draft =>
        {
            var network = Build(draft);
            var tts = NodeOutage.Through(network, network.Node("mine.j")!).TimeToSurvive();
            if (tts is not { } days)
            {
                Assert.Null(Customer(network, NodeOutage.LongestOutageDays)?.RunsOutDay);
                return;
            }
            if (days > 1e-3) Assert.Null(Customer(network, days * (1 - 1e-6) - 1e-6)?.RunsOutDay);
            Assert.NotNull(Customer(network, days * 1.001 + 0.01)?.RunsOutDay);
        }, iter: Iterations);
    }

    [Fact]
    public void The_volume_short_over_an_outage_is_what_the_stress_test_finds()
    {
        Gen.Select(DraftGen, Gen.Double[0.5, 90]).Sample((draft, days) =>
        {
            var network = Build(draft);
            var expected = NodeOutage.Through(network, network.Node("mine.j")!).ShortTonnes(days);
            Assert.Equal(expected, Customer(network, days)?.ShortTonnes ?? 0, 1e-6 * Math.Max(1, expected));
        }, iter: Iterations);
    }

    private sealed record Route(int Customer, double Transit, double Capacity);

    private static readonly Gen<(double[] Inventories, Route[] Routes, Other[] Others)> WideGen = Gen.Select(
        Gen.Double[0, 3000].Array[1, 3],
        Gen.Select(Gen.Int[0, 2], Gen.Double[0, 30], Gen.Double[0, 300], (customer, transit, capacity) => new Route(customer, transit, capacity)).Array[1, 5],
        OtherGen.Array[0, 5],
        (inventories, routes, others) => (inventories, routes, others));

    [Fact]
    public void With_several_customers_and_parallel_lanes_time_to_survive_is_where_the_volume_lacking_passes_their_stock()
    {
        WideGen.Sample(draft =>
        {
            var builder = new NetworkBuilder().Node("mine.j", Stage.Extraction, "CL", 300, utilization: 1);
            for (var c = 0; c < draft.Inventories.Length; c++)
                builder.Node($"smelter.k{c}", Stage.Processing, "CL", 10_000, utilization: 0.5).Condition($"smelter.k{c}", inventory: draft.Inventories[c]);
            for (var r = 0; r < draft.Routes.Length; r++)
            {
                var route = draft.Routes[r];
                builder.Lane($"lane.j-{r}", "mine.j", $"smelter.k{route.Customer % draft.Inventories.Length}", route.Capacity, route.Transit);
            }
            for (var i = 0; i < draft.Others.Length; i++)
            {
                var o = draft.Others[i];
                builder.Node($"mine.o{i}", Stage.Extraction, "PE", o.Capacity, utilization: o.Utilization)
                    .Lane($"lane.o{i}", $"mine.o{i}", $"smelter.k{i % draft.Inventories.Length}", o.LaneCapacity, o.Transit);
            }
            var network = builder.Build();
            var outage = NodeOutage.Through(network, network.Node("mine.j")!);

            if (outage.TimeToSurvive() is not { } days)
            {
                // Unbounded: nothing lacking, or only at rates below rounding noise (1e-9 t/d per lane) over ten years.
                Assert.InRange(outage.ShortTonnes(NodeOutage.LongestOutageDays), 0, (NodeOutage.LongestOutageDays * 1e-9 * draft.Routes.Length) + 1e-6);
                return;
            }
            if (days > 1e-3) Assert.Equal(0, outage.ShortTonnes(days * (1 - 1e-6) - 1e-6), 1e-6);
            Assert.True(outage.ShortTonnes(days * 1.001 + 0.01) > 0);
        }, iter: Iterations);
    }
}
