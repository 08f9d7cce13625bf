using System.Text.Json;
using Monitoring.Tests.Gateway;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Alerting;

/// <summary>
/// From a provider's observation to a page: the gateway's /metrics scraped by the real Prometheus,
/// the deployed alert rules evaluated, the deployed Alertmanager routing and grouping, a webhook
/// receiving the notification. Then the incident clears and the alert resolves.
/// </summary>
[Collection(AlertingCollection.Name)]
public sealed class PrometheusAlertingTests(AlertingFixture gateway)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const string Incident = "w.port--incident-1";

    [Fact]
    public async Task A_critical_port_strike_pages_once_as_one_incident_with_its_title_impact_and_link_and_resolves_when_cleared()
    {
        await using var stack = await PrometheusStack.StartAsync(gateway.HttpPort);
        const string Open = """max by (severity) (monitoring_incidents_open{commodity="w"})""";
        await Poll.UntilAsync(async () => (await stack.QueryAsync("""up{job="monitoring-gateway"}""")).Any(r => r.Value == 1), Deadline, "Prometheus to scrape the gateway" + stack.Logs());
        var before = await Poll.UntilAsync(async () => (await stack.QueryAsync(Open)) is { Count: > 0 } r ? r : null, Deadline, "the tungsten incident gauges in Prometheus");
        Assert.All(before, r => Assert.Equal(0, r.Value));

        await gateway.Feed.PublishAsync(Batch("alerting-feed", 1, Declare("w.port", "alerting-strike")));

        // The gauge rises in Prometheus: one incident, although the strike also blocks the port's lanes.
        await Poll.UntilAsync(async () => (await stack.QueryAsync(Open)).Any(r => r.Labels["severity"] == "critical" && r.Value == 1), Deadline, "monitoring_incidents_open to rise");
        // The rule fires once, for the incident (not per gateway, per disruption or per commodity).
        var alert = await Poll.UntilAsync(async () => (await stack.AlertsAsync()).Where(a => a.Labels["alertname"] == "IncidentOpen" && a.State == "firing").Select(a => a.Labels).FirstOrDefault(),
            Deadline, "IncidentOpen to fire" + stack.Logs());
        Assert.Equal((Incident, "critical", "Port workers' strike at Port w.port"), (alert["incident"], alert["severity"], alert["title"]));
        Assert.Single(await stack.AlertsAsync(), a => a.Labels["alertname"] is "IncidentOpen" or "CriticalIncidentOpen");
        // Alertmanager routes it to the operations pager's webhook, grouped by incident, with what to read and where to click.
        var page = (await Poll.UntilAsync(() => Task.FromResult(FindNotification(stack, "/hooks/operations-pager", "firing") is { } found ? Tuple.Create(found) : null),
            Deadline, "the page at the webhook" + stack.Logs())).Item1;
        Assert.Equal("operations-pager", page.GetProperty("receiver").GetString());
        Assert.Equal(Incident, page.GetProperty("groupLabels").GetProperty("incident").GetString());
        var annotations = page.GetProperty("alerts")[0].GetProperty("annotations");
        Assert.Equal($"https://monitoring.example.org/?incident={Incident}", annotations.GetProperty("dashboard").GetString());
        // The port's normal throughput: 2,000 t/d at 80 % utilization.
        Assert.Equal("1600", annotations.GetProperty("lost_tpd").GetString());
        Assert.StartsWith("Port workers' strike at Port w.port: a critical incident", annotations.GetProperty("description").GetString());

        await gateway.Feed.PublishAsync(Batch("alerting-feed", 2, Declare("w.port", "alerting-strike", clear: true)));

        await Poll.UntilAsync(async () => (await stack.QueryAsync(Open)).All(r => r.Value == 0), Deadline, "monitoring_incidents_open to fall back to 0");
        await Poll.UntilAsync(async () => !(await stack.AlertsAsync()).Any(a => a.Labels["alertname"] == "IncidentOpen"), Deadline, "IncidentOpen to resolve");
        await Poll.UntilAsync(() => Task.FromResult(FindNotification(stack, "/hooks/operations-pager", "resolved") is not null), Deadline, "the resolved notification" + stack.Logs());
        // Every page was about that one incident.
        var paged = stack.Notifications.Where(n => n.Path == "/hooks/operations-pager")
            .SelectMany(n => n.Body.GetProperty("alerts").EnumerateArray())
            .Select(a => a.GetProperty("labels").GetProperty("incident").GetString())
            .Distinct();
        Assert.Equal([Incident], paged);
    }

    private static JsonElement? FindNotification(PrometheusStack stack, string path, string status)
    {
        foreach (var (hook, body) in stack.Notifications)
        {
            if (hook != path) continue;
            var match = body.GetProperty("alerts").EnumerateArray().Any(a =>
                a.GetProperty("status").GetString() == status
                && a.GetProperty("labels").GetProperty("alertname").GetString() == "IncidentOpen"
                && a.GetProperty("labels").GetProperty("incident").GetString() == Incident);
            if (match) return body;
        }
        return null;
    }
}
