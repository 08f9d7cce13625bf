namespace Monitoring.Tests.Alerting;

/// <summary>deploy/alertmanager: the configuration, and every case of tests/routes.txt through amtool.</summary>
public sealed class AlertmanagerRoutesTests
{
    private static readonly string Config = RepoPaths.Deploy("alertmanager", "alertmanager.yml");

    public static TheoryData<string, string> RouteCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (receivers, labels) in ReadCases()) data.Add(receivers, labels);
        return data;
    }

    [Fact]
    public async Task Amtool_accepts_the_configuration()
    {
        var result = await ExternalTool.RunAsync("amtool", ["check-config", Config]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS", result.Output);
    }

    [Theory]
    [MemberData(nameof(RouteCases))]
    public async Task An_alert_reaches_the_receivers_its_labels_route_it_to(string receivers, string labels)
    {
        var result = await ExternalTool.RunAsync("amtool", ["config", "routes", "test", $"--config.file={Config}", $"--verify.receivers={receivers}", .. labels.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        Assert.True(result.ExitCode == 0, $"{labels} → expected {receivers}; {result}");
    }

    [Fact]
    public void Every_alert_rule_has_a_route_case()
    {
        var routed = ReadCases().Select(c => c.Labels.Split(' ').First(l => l.StartsWith("alertname=", StringComparison.Ordinal))["alertname=".Length..]).ToHashSet();

        foreach (var (alert, _) in PrometheusRulesTests.Alerts()) Assert.Contains(alert, routed);
    }

    [Fact]
    public async Task A_route_case_with_the_wrong_receiver_fails()
    {
        // The route tests can fail: a platform alert expected at the operations pager is refused.
        var result = await ExternalTool.RunAsync("amtool", ["config", "routes", "test", $"--config.file={Config}", "--verify.receivers=operations-pager", "alertname=GatewayDown", "severity=critical", "team=platform"]);

        Assert.NotEqual(0, result.ExitCode);
    }

    private static IEnumerable<(string Receivers, string Labels)> ReadCases() =>
        File.ReadAllLines(RepoPaths.Deploy("alertmanager", "tests", "routes.txt"))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Select(l => l.Split('|', 2))
            .Select(p => (p[0].Trim(), p[1].Trim()));
}
