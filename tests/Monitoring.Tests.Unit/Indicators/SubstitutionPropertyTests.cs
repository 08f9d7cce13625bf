using CsCheck;
using Monitoring.Contracts;
using Monitoring.Domain.Indicators;

namespace Monitoring.Tests.Unit.Indicators;

/// <summary>
/// TTS and the stress test share one substitution model; TTS reads its answer off a piecewise-linear volume instead of
/// simulating. Over random networks of a supplier, its customer and the customer's other suppliers (some behind a port),
/// the stress test must agree: an outage a little shorter than TTS runs the customer short, a little longer does.
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
            var tts = NodeOutage.Through(network.Node("mine.j")!).TimeToSurvive();
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
            var expected = NodeOutage.Through(network.Node("mine.j")!).ShortTonnes(days);
            Assert.Equal(expected, Customer(network, days)?.ShortTonnes ?? 0, 1e-6 * Math.Max(1, expected));
        }, iter: Iterations);
    }
}
