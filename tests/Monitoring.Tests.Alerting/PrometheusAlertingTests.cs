using System.Text.Json;
using Monitoring.Tests.Gateway;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Alerting;

/// <summary>
/// From a provider's observation to a page: the gateway's /metrics scraped by the real Prometheus,
/// the deployed alert rules evaluated, the deployed Alertmanager routing and inhibiting, a webhook
/// receiving the notification. Then the disruption clears and the alert resolves.
/// </summary>
[Collection(AlertingCollection.Name)]
public sealed class PrometheusAlertingTests(AlertingFixture gateway)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_critical_port_strike_fires_CriticalDisruptionActive_pages_through_alertmanager_inhibits_its_lanes_and_resolves_when_cleared()
    {
        await using var stack = await PrometheusStack.StartAsync(gateway.HttpPort);
        const string Active = """max by (kind) (monitoring_disruptions_active{commodity="w",severity="critical"})""";
        await Poll.UntilAsync(async () => (await stack.QueryAsync("""up{job="monitoring-gateway"}""")).Any(r => r.Value == 1), Deadline, "Prometheus to scrape the gateway" + stack.Logs());
        var before = await Poll.UntilAsync(async () => (await stack.QueryAsync(Active)) is { Count: > 0 } r ? r : null, Deadline, "the tungsten gauges in Prometheus");
        Assert.All(before, r => Assert.Equal(0, r.Value));

        await gateway.Feed.PublishAsync(Batch("alerting-feed", 1, Declare("w.port", "alerting-strike")));

        // The gauge rises in Prometheus.
        await Poll.UntilAsync(async () => (await stack.QueryAsync(Active)).Any(r => r.Labels["kind"] == "declared" && r.Value == 1), Deadline, "monitoring_disruptions_active to rise");
        // The rule fires, once (not once per gateway or per series).
        await Poll.UntilAsync(async () => (await stack.AlertsAsync()).Any(a => IsCritical(a.Labels, "declared") && a.State == "firing"), Deadline, "CriticalDisruptionActive to fire" + stack.Logs());
        Assert.Single(await stack.AlertsAsync(), a => IsCritical(a.Labels, "declared"));
        // Alertmanager routes it (severity critical, team operations) to the operations pager's webhook.
        var page = (await Poll.UntilAsync(() => Task.FromResult(FindNotification(stack, "/hooks/operations-pager", "firing") is { } found ? Tuple.Create(found) : null),
            Deadline, "the page at the webhook" + stack.Logs())).Item1;
        Assert.Equal("operations-pager", page.GetProperty("receiver").GetString());
        Assert.Equal("w", page.GetProperty("groupLabels").GetProperty("commodity").GetString());
        // The lanes the strike blocked raise LaneDelayed, which the disrupted port inhibits.
        var lane = (await Poll.UntilAsync(async () =>
            (await stack.AlertmanagerAlertsAsync("alertname=\"LaneDelayed\"", "commodity=\"w\"")).FirstOrDefault(a => a.GetProperty("labels").GetProperty("from_node").GetString() == "w.port") is { ValueKind: JsonValueKind.Object } found
                && found.GetProperty("status").GetProperty("state").GetString() == "suppressed" ? Tuple.Create(found) : null,
            Deadline, "LaneDelayed of w.lane.port-port2 to be inhibited" + stack.Logs())).Item1;
        Assert.NotEmpty(lane.GetProperty("status").GetProperty("inhibitedBy").EnumerateArray());
        Assert.Contains(await stack.AlertmanagerAlertsAsync("alertname=\"PortDisrupted\"", "subject=\"w.port\""), a => a.GetProperty("status").GetProperty("state").GetString() == "active");

        // While the port is disrupted, its lanes never page.
        Assert.DoesNotContain(stack.Notifications, n => n.Body.GetProperty("alerts").EnumerateArray()
            .Any(a => a.GetProperty("labels").GetProperty("alertname").GetString() == "LaneDelayed" && a.GetProperty("status").GetString() == "firing"));

        await gateway.Feed.PublishAsync(Batch("alerting-feed", 2, Declare("w.port", "alerting-strike", clear: true)));

        await Poll.UntilAsync(async () => (await stack.QueryAsync(Active)).All(r => r.Value == 0), Deadline, "monitoring_disruptions_active to fall back to 0");
        await Poll.UntilAsync(async () => !(await stack.AlertsAsync()).Any(a => IsCritical(a.Labels, null)), Deadline, "CriticalDisruptionActive to resolve");
        await Poll.UntilAsync(() => Task.FromResult(FindNotification(stack, "/hooks/operations-pager", "resolved") is not null), Deadline, "the resolved notification" + stack.Logs());
    }

    private static bool IsCritical(IReadOnlyDictionary<string, string> labels, string? kind) =>
        labels["alertname"] == "CriticalDisruptionActive" && labels.GetValueOrDefault("commodity") == "w" && (kind is null || labels.GetValueOrDefault("kind") == kind);

    private static JsonElement? FindNotification(PrometheusStack stack, string path, string status)
    {
        foreach (var (hook, body) in stack.Notifications)
        {
            if (hook != path) continue;
            var match = body.GetProperty("alerts").EnumerateArray().Any(a =>
                a.GetProperty("status").GetString() == status
                && a.GetProperty("labels").GetProperty("alertname").GetString() == "CriticalDisruptionActive"
                && a.GetProperty("labels").GetProperty("commodity").GetString() == "w");
            if (match) return body;
        }
        return null;
    }
}
