using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Monitoring.Tests.Alerting;

/// <summary>
/// The real Prometheus and Alertmanager binaries on free loopback ports, with a webhook served by the
/// test. Prometheus scrapes one gateway every second and evaluates deploy/prometheus/alerts.yml with
/// every for: shortened; Alertmanager runs deploy/alertmanager/alertmanager.yml with its webhooks
/// pointed at the test, no e-mail, and one-second grouping. Disposing kills only the processes it started.
/// </summary>
public sealed partial class PrometheusStack : IAsyncDisposable
{
    public static readonly TimeSpan ShortenedFor = TimeSpan.FromSeconds(3);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"monitoring-prometheus-{Guid.NewGuid():N}");
    private readonly List<(string Name, Process Process, StringBuilder Output)> _processes = [];
    private readonly HttpListener _webhook = new();
    private readonly CancellationTokenSource _stop = new();

    private PrometheusStack()
    {
        PrometheusPort = FreePorts.Next();
        AlertmanagerPort = FreePorts.Next();
        WebhookPort = FreePorts.Next();
    }

    public int PrometheusPort { get; }

    public int AlertmanagerPort { get; }

    public int WebhookPort { get; }

    public HttpClient Prometheus { get; private set; } = default!;

    public HttpClient Alertmanager { get; private set; } = default!;

    /// <summary>Every notification the webhook received: (path, Alertmanager's JSON body).</summary>
    public ConcurrentQueue<(string Path, JsonElement Body)> Notifications { get; } = new();

    public static async Task<PrometheusStack> StartAsync(int gatewayHttpPort)
    {
        var stack = new PrometheusStack();
        try
        {
            await stack.StartAsync(gatewayHttpPort, TimeSpan.FromSeconds(60));
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(int gatewayHttpPort, TimeSpan timeout)
    {
        Directory.CreateDirectory(_directory);
        _webhook.Prefixes.Add($"http://127.0.0.1:{WebhookPort}/");
        _webhook.Start();
        _ = ServeWebhookAsync();

        var rules = ForClause().Replace(await File.ReadAllTextAsync(RepoPaths.Deploy("prometheus", "alerts.yml")), $"${{indent}}for: {ShortenedFor.TotalSeconds:0}s");
        await File.WriteAllTextAsync(Path.Combine(_directory, "alerts.yml"), rules);
        await File.WriteAllTextAsync(Path.Combine(_directory, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
              external_labels:
                cluster: test
            rule_files: [alerts.yml]
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["127.0.0.1:{AlertmanagerPort}"]
            scrape_configs:
              - job_name: monitoring-gateway
                static_configs:
                  - targets: ["127.0.0.1:{gatewayHttpPort}"]
            """);
        await File.WriteAllTextAsync(Path.Combine(_directory, "alertmanager.yml"), AlertmanagerConfigForTest());

        Start("prometheus-alertmanager", [
            $"--config.file={Path.Combine(_directory, "alertmanager.yml")}", $"--storage.path={Path.Combine(_directory, "am-data")}",
            $"--web.listen-address=127.0.0.1:{AlertmanagerPort}", "--cluster.listen-address=", "--log.level=warn"]);
        Start("prometheus", [
            $"--config.file={Path.Combine(_directory, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(_directory, "prom-data")}",
            $"--web.listen-address=127.0.0.1:{PrometheusPort}", "--log.level=warn"]);
        Prometheus = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{PrometheusPort}") };
        Alertmanager = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{AlertmanagerPort}") };
        await Poll.UntilAsync(async () => (await Alertmanager.GetAsync("/-/ready")).IsSuccessStatusCode, timeout, "Alertmanager to be ready" + Logs());
        await Poll.UntilAsync(async () => (await Prometheus.GetAsync("/-/ready")).IsSuccessStatusCode, timeout, "Prometheus to be ready" + Logs());
    }

    /// <summary>The deployed Alertmanager configuration, made testable: same routes and inhibitions.</summary>
    private string AlertmanagerConfigForTest()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepoPaths.Deploy("alertmanager", "alertmanager.yml"))) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        foreach (var route in Routes((YamlMappingNode)root["route"]))
        {
            foreach (var key in new[] { "group_wait", "group_interval" })
            {
                if (route.Children.ContainsKey(new YamlScalarNode(key)) || route == root["route"]) route.Children[new YamlScalarNode(key)] = new YamlScalarNode("1s");
            }
        }
        foreach (var receiver in ((YamlSequenceNode)root["receivers"]).Children.Cast<YamlMappingNode>())
        {
            receiver.Children.Remove(new YamlScalarNode("email_configs"));
            if (!receiver.Children.TryGetValue(new YamlScalarNode("webhook_configs"), out var hooks)) continue;
            foreach (var hook in ((YamlSequenceNode)hooks).Children.Cast<YamlMappingNode>())
            {
                var url = new Uri(((YamlScalarNode)hook["url"]).Value!);
                hook.Children[new YamlScalarNode("url")] = new YamlScalarNode($"http://127.0.0.1:{WebhookPort}{url.AbsolutePath}");
            }
        }
        var writer = new StringWriter();
        yaml.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static IEnumerable<YamlMappingNode> Routes(YamlMappingNode route)
    {
        yield return route;
        if (!route.Children.TryGetValue(new YamlScalarNode("routes"), out var children)) yield break;
        foreach (var child in ((YamlSequenceNode)children).Children.Cast<YamlMappingNode>())
        {
            foreach (var nested in Routes(child)) yield return nested;
        }
    }

    private void Start(string tool, string[] arguments)
    {
        var process = ExternalTool.Start(tool, arguments, _directory, null, out var output);
        _processes.Add((tool, process, output));
    }

    /// <summary>Runs an instant query and returns its result vector.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var response = await Prometheus.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        response.EnsureSuccessStatusCode();
        var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("result");
        return data.EnumerateArray().Select(r => (
            (IReadOnlyDictionary<string, string>)r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            double.Parse(r.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>Prometheus' alerts (pending and firing) with their labels.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, string State)>> AlertsAsync()
    {
        var root = JsonDocument.Parse(await Prometheus.GetStringAsync("/api/v1/alerts")).RootElement;
        return root.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a => (
            (IReadOnlyDictionary<string, string>)a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            a.GetProperty("state").GetString()!)).ToList();
    }

    /// <summary>Alertmanager's alerts matching the filters (e.g. alertname="LaneDelayed"), with their state and inhibitors.</summary>
    public async Task<IReadOnlyList<JsonElement>> AlertmanagerAlertsAsync(params string[] filters)
    {
        var query = string.Join("&", filters.Select(f => "filter=" + Uri.EscapeDataString(f)));
        return JsonDocument.Parse(await Alertmanager.GetStringAsync($"/api/v2/alerts?{query}")).RootElement.EnumerateArray().ToList();
    }

    public string Logs() => string.Concat(_processes.Select(p => { lock (p.Output) return $"\n--- {p.Name} ---\n{p.Output}"; }));

    private async Task ServeWebhookAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _webhook.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_webhook.IsListening)
            {
                return;
            }
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = await reader.ReadToEndAsync();
                Notifications.Enqueue((context.Request.Url!.AbsolutePath, JsonDocument.Parse(body).RootElement.Clone()));
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        foreach (var (_, process, _) in _processes)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (Exception)
            {
                // Already gone.
            }
            process.Dispose();
        }
        if (_webhook.IsListening) _webhook.Stop();
        _webhook.Close();
        Prometheus?.Dispose();
        Alertmanager?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"^(?<indent>\s+)for: \S+\s*$", RegexOptions.Multiline)]
    private static partial Regex ForClause();
}
