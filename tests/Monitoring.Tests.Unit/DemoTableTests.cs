using System.Globalization;
using Monitoring.Contracts;
using Monitoring.Domain.Indicators;

namespace Monitoring.Tests.Unit;

/// <summary>
/// The demo table of docs/indicators.md is what the calculator gives for deploy/scenarios/chile-us.yaml at the
/// documented start state: every node operational, nothing reported yet (storage at the default fill). Run with
/// UPDATE_DOCS=1 to write the table from the code after a deliberate change.
/// </summary>
public sealed class DemoTableTests
{
    private static readonly string Document = Path.Combine(RepoPaths.Root, "docs", "indicators.md");

    /// <summary>The extraction HHI the USGS Mineral Commodity Summaries 2025 country figures imply: reference, not computed.</summary>
    private static readonly (string Code, string Name, string Usgs)[] Commodities =
    [
        ("cu", "copper", "1,050"), ("li", "lithium", "2,200"), ("mo", "molybdenum", "2,400"), ("ree", "rare earths", "5,000"),
    ];

    [Fact]
    public void The_documented_demo_table_is_what_the_calculator_gives_at_the_start_state()
    {
        var rows = Commodities.Select(c => Row(c.Code, c.Name, c.Usgs)).ToList();
        var lines = File.ReadAllLines(Document).ToList();
        var first = lines.FindIndex(l => l.StartsWith($"| {Commodities[0].Name} `", StringComparison.Ordinal));
        Assert.True(first > 0, "the demo table in docs/indicators.md");

        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            lines.RemoveRange(first, rows.Count);
            lines.InsertRange(first, rows);
            File.WriteAllLines(Document, lines);
        }

        Assert.Equal(rows, lines.Skip(first).Take(rows.Count));
    }

    private static string Row(string code, string name, string usgs)
    {
        var i = IndicatorCalculator.Compute(Indicators.ScenarioNetwork.Of(code), new IndicatorOptions(), DateTimeOffset.UnixEpoch);
        var extraction = i.Stages.Single(s => s.Stage == Stage.Extraction);
        var processing = i.Stages.Single(s => s.Stage == Stage.Processing);
        var s = i.Score;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} `{code}` | {extraction.HhiCountry:N0} (≈ {usgs}) {extraction.HhiBand} | {extraction.TopCountry} {extraction.TopCountryShare * 100:0} % | "
            + $"{processing.HhiCountry:N0}, {processing.TopCountry} {processing.TopCountryShare * 100:0} % | {s.Value:0.0} | "
            + $"{s.Availability:0.00} · {s.Diversification:0.00} · {s.Survivability:0.00} · {s.Circularity:0.00} · {s.FeedHealth:0.00} |");
    }
}
