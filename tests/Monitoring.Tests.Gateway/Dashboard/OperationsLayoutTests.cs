using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Monitoring.Tests.Gateway.Dashboard;

/// <summary>
/// The dashboard as an operations center uses it during the demo's Angamos strike, on a phone, a laptop, a
/// desktop and a wall screen: the incident first, names instead of ids, a network that fits its panel, nothing
/// that scrolls sideways, and Spanish throughout. Screenshots land in artifacts/screenshots.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class OperationsLayoutTests(DashboardFixture gateway)
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(30);

    /// <summary>The demo's strike is declared 30 s after the simulator starts.</summary>
    private static readonly TimeSpan Strike = TimeSpan.FromSeconds(120);

    private const string AngamosCard = "#incident-list li[data-id^='port.cl.angamos--incident-']";

    private async Task<IPage> OpenAsync(int width, int height, string query = "", string locale = "en-US")
    {
        var context = await gateway.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = locale });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{gateway.HttpPort}/{query}");
        await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = (float)Load.TotalMilliseconds });
        await Expect(page.Locator(AngamosCard)).ToBeVisibleAsync(new() { Timeout = (float)Strike.TotalMilliseconds });
        await Expect(page.Locator("#network svg.network-chart")).ToBeVisibleAsync(new() { Timeout = (float)Load.TotalMilliseconds });
        await Expect(page.Locator("#live-feed li.feed-item").First).ToBeVisibleAsync(new() { Timeout = (float)Load.TotalMilliseconds });
        await Expect(page.Locator("#gaps tbody tr").First).ToBeAttachedAsync(new() { Timeout = (float)Load.TotalMilliseconds });
        return page;
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    [InlineData(1920, 1080)]
    [InlineData(2560, 1440)]
    public async Task At_this_width_nothing_scrolls_sideways_the_network_fits_its_panel_and_no_raw_id_is_shown_or_read(int width, int height)
    {
        var page = await OpenAsync(width, height);

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            $"the page scrolls sideways at {width} px: {await page.EvaluateAsync<int>("document.documentElement.scrollWidth")} px wide");
        await AssertNetworkFitsAsync(page);
        await AssertNoRawIdsAsync(page);
        await Browser.ScreenshotAsync(page, $"dashboard-{width}");

        // The incident's dialog fits the screen too (on a phone it takes the whole screen).
        await page.Locator($"{AngamosCard} button.title").ClickAsync();
        var dialog = page.Locator("#incident");
        await Expect(dialog.Locator("table[data-table='members'] tbody tr").First).ToBeVisibleAsync(new() { Timeout = (float)Load.TotalMilliseconds });
        var box = (await dialog.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= width + 0.5, $"the incident dialog spans {box.X}..{box.X + box.Width} on a {width} px screen");
        await AssertNoRawIdsAsync(page);
        await Browser.ScreenshotAsync(page, $"dashboard-{width}-incident");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task During_the_strike_the_angamos_incident_is_above_the_fold_on_a_laptop_with_its_impact_and_next_step()
    {
        var page = await OpenAsync(1366, 768);
        var card = page.Locator(AngamosCard);

        // Wholly inside the 1366×768 viewport as the page opens, without scrolling.
        Assert.Equal(0, await page.EvaluateAsync<double>("window.scrollY"));
        await Expect(card.Locator("button.title")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(card.Locator(".impact")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(card.Locator("button.title")).ToHaveTextAsync(new Regex("Puerto Angamos \\(Mejillones\\)"));
        await Expect(card.Locator(".impact")).ToHaveTextAsync(new Regex(@"^\d+ lanes blocked · [\d,]+ t/d lost · .*recovery in [\d.]+ d$"));
        await Expect(card.Locator(".next")).Not.ToBeEmptyAsync();

        // Highlighting it on the network lights its subjects and dims the rest.
        await card.Locator("button.highlight").ClickAsync();
        await Expect(page.Locator("#network svg.highlighting")).ToHaveCountAsync(1);
        await Expect(page.Locator("#network g.node.hl[data-node='port.cl.angamos']")).ToHaveCountAsync(1);
        Assert.True(await page.Locator("#network g.lane.hl").CountAsync() > 0, "the blocked lanes are highlighted");

        // Its members open below it, by name.
        await card.Locator(".members-list summary").ClickAsync();
        await Expect(card.Locator(".members li").First).ToBeVisibleAsync(new() { Timeout = (float)Load.TotalMilliseconds });
        await Expect(card.Locator(".members")).ToContainTextAsync("Puerto Angamos (Mejillones)");
        await Browser.ScreenshotAsync(page, "dashboard-1366-highlighted");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_map_draws_coastlines_clusters_close_nodes_and_always_labels_disrupted_ones()
    {
        var page = await OpenAsync(1920, 1080, "?view=map");

        await Expect(page.Locator("#network path.land")).ToHaveCountAsync(1, new() { Timeout = (float)Load.TotalMilliseconds });
        Assert.True(await page.Locator("#network g.cluster").CountAsync() > 0, "nearby nodes are clustered");
        await Expect(page.Locator("#network .node-label", new() { HasTextString = "Puerto Angamos (Mejillones)" })).ToHaveCountAsync(1);
        await AssertNetworkFitsAsync(page);

        // Choosing a cluster zooms in, and its nodes part: more marks, each fewer sites.
        var marks = await page.Locator("#network g.node").CountAsync();
        await page.Locator("#network g.cluster[data-cluster='port.cl.angamos'] circle").ClickAsync();
        await Poll.UntilAsync(async () => await page.Locator("#network g.node").CountAsync() > marks, Load, "the cluster to part after zooming in");
        await Browser.ScreenshotAsync(page, "dashboard-map");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_disruption_list_filters_by_commodity_severity_and_state_and_mutes_cleared_items()
    {
        // A rare-earth disruption, whatever the demo's script has reached.
        await gateway.Feed.PublishAsync(Observations.Batch("layout-feed", 1, Observations.Declare("mine.cn.sichuan-ree", "layout-landslide", Api.V1.Severity.Warning)));
        var page = await OpenAsync(1920, 1080);
        var items = page.Locator("#live-feed li.feed-item");

        await page.SelectOptionAsync("#filter-severity", "CRITICAL");
        await Expect(items.First).ToBeVisibleAsync();
        foreach (var cls in await items.EvaluateAllAsync<string[]>("items => items.map(i => i.className)"))
            Assert.Contains("CRITICAL", cls, StringComparison.Ordinal);

        await page.SelectOptionAsync("#filter-severity", "");
        await page.SelectOptionAsync("#filter-commodity", "ree");
        await Expect(page.Locator("#live-feed li[data-subject='mine.cn.sichuan-ree']")).ToBeVisibleAsync();
        var subjects = await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.subject)");
        var active = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/disruptions?commodity=ree&include_closed=true&limit=2000")).RootElement.GetProperty("disruptions")
            .EnumerateArray().Select(d => d.GetProperty("subject_id").GetString()).ToHashSet();
        Assert.All(subjects, s => Assert.Contains(s, active));

        await page.SelectOptionAsync("#filter-commodity", "all");
        await page.SelectOptionAsync("#filter-state", "all");
        // Cleared and resolved items, when there are any, come after the active ones and are muted.
        var states = await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.state + (i.classList.contains('closed') ? ':muted' : ''))");
        Assert.All(states.Where(s => s.StartsWith("CLEARED", StringComparison.Ordinal) || s.StartsWith("RESOLVED", StringComparison.Ordinal)), s => Assert.EndsWith(":muted", s, StringComparison.Ordinal));
        Assert.Equal(states.OrderBy(s => s.EndsWith(":muted", StringComparison.Ordinal)), states);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task In_spanish_no_interface_summary_reason_or_commodity_text_is_left_in_english()
    {
        var page = await OpenAsync(1920, 1080, "?lang=es", "es-CL");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cadenas de suministro de minerales críticos");
        // Everything an operator reads: the stress test's sentences, an incident's members, the feeds.
        await page.FillAsync("#stress-subject", "Angamos");
        await page.ClickAsync("#stress-add");
        await page.ClickAsync("#stress-run");
        await Expect(page.Locator("#stress-results ul.stress-downstream li").First).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await page.Locator($"{AngamosCard} .members-list summary").ClickAsync();
        await Expect(page.Locator($"{AngamosCard} .members li").First).ToBeVisibleAsync(new() { Timeout = (float)Load.TotalMilliseconds });
        await page.ClickAsync(".feeds-panel summary");

        var text = await VisibleTextAsync(page);
        foreach (var name in await NamesAsync()) text = text.Replace(name, " ", StringComparison.Ordinal);
        var english = Words().Matches(text).Select(m => m.Value).Where(w => EnglishOnly.Contains(w.ToLowerInvariant())).Distinct().ToList();
        Assert.True(english.Count == 0, $"English words on the Spanish page: {string.Join(", ", english)}");
        // One number format: Spanish decimals take a comma.
        var englishDecimals = EnglishDecimal().Matches(text).Select(m => m.Value).Distinct().ToList();
        Assert.True(englishDecimals.Count == 0, $"numbers in English format: {string.Join(", ", englishDecimals)}");
        await Expect(page.Locator($"{AngamosCard} button.title")).ToHaveTextAsync("Huelga en Puerto Angamos (Mejillones)");
        await Browser.ScreenshotAsync(page, "dashboard-spanish-operations", fullPage: true);

        // The incident's dialog too: facts, impact, affected nodes, members and timeline.
        await page.Locator($"{AngamosCard} button.title").ClickAsync();
        await Expect(page.Locator("#incident .timeline li").First).ToBeVisibleAsync(new() { Timeout = (float)Load.TotalMilliseconds });
        var dialog = await page.Locator("#incident").InnerTextAsync();
        foreach (var name in await NamesAsync()) dialog = dialog.Replace(name, " ", StringComparison.Ordinal);
        var inDialog = Words().Matches(dialog).Select(m => m.Value).Where(w => EnglishOnly.Contains(w.ToLowerInvariant())).Distinct().ToList();
        Assert.True(inDialog.Count == 0, $"English words in the Spanish incident dialog: {string.Join(", ", inDialog)}");
        Assert.Empty(EnglishDecimal().Matches(dialog));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Wall_mode_hides_the_controls_enlarges_the_type_and_rotates_the_commodities()
    {
        var page = await OpenAsync(2560, 1440, "?wall=1&rotate=2");

        await Expect(page.Locator("body")).ToHaveClassAsync(new Regex("wall"));
        await Expect(page.Locator("#sign-in")).ToBeHiddenAsync();
        await Expect(page.Locator("#feed-filters")).ToBeHiddenAsync();
        await Expect(page.Locator("#stress-form")).ToBeHiddenAsync();
        const string TypeSize = "parseFloat(getComputedStyle(document.querySelector('#live-feed')).fontSize)";
        var wall = await page.EvaluateAsync<double>(TypeSize);
        var desk = await OpenAsync(2560, 1440);
        var normal = await desk.EvaluateAsync<double>(TypeSize);
        await desk.Context.CloseAsync();
        Assert.True(wall >= normal * 1.2, $"wall type {wall} px against {normal} px on the same screen without wall mode");
        var first = await page.InputValueAsync("#commodity");
        await Poll.UntilAsync(async () => await page.InputValueAsync("#commodity") != first, TimeSpan.FromSeconds(15), "the next commodity on the wall");
        await AssertNetworkFitsAsync(page);
        await Browser.ScreenshotAsync(page, "dashboard-wall");
        await page.Context.CloseAsync();
    }

    private static async Task AssertNetworkFitsAsync(IPage page)
    {
        var panel = (await page.Locator("#network").BoundingBoxAsync())!;
        var chart = (await page.Locator("#network svg.network-chart").BoundingBoxAsync())!;
        Assert.True(chart.Width <= panel.Width + 1 && chart.Height <= panel.Height + 1,
            $"the network drawing is {chart.Width}×{chart.Height} in a {panel.Width}×{panel.Height} panel");
        Assert.True(await page.EvaluateAsync<bool>("(() => { const n = document.querySelector('#network'); return n.scrollWidth <= n.clientWidth && n.scrollHeight <= n.clientHeight; })()"),
            "the network panel scrolls");
    }

    /// <summary>No node, lane or disruption id in what the page shows or what a screen reader reads.</summary>
    private async Task AssertNoRawIdsAsync(IPage page)
    {
        var shown = await VisibleTextAsync(page) + "\n" + await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('[aria-label], title')].map(e => e.getAttribute('aria-label') ?? e.textContent).join('\\n')");
        var ids = await IdsAsync();
        var found = ids.Where(id => shown.Contains(id, StringComparison.Ordinal)).Take(10).ToList();
        Assert.True(found.Count == 0, $"raw ids in the page: {string.Join(", ", found)}");
    }

    /// <summary>The text a person sees: rendered text outside drawings (the network's labels are names by construction, and truncated).</summary>
    private static Task<string> VisibleTextAsync(IPage page) => page.EvaluateAsync<string>("""
        (() => {
          const out = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (!parent || parent.closest('svg, script, style, datalist, option, code')) continue;
            if (!parent.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })) continue;
            out.push(node.textContent);
          }
          for (const select of document.querySelectorAll('select')) if (select.checkVisibility()) out.push(select.selectedOptions[0]?.textContent ?? '');
          return out.join('\n');
        })()
        """);

    private async Task<List<string>> IdsAsync()
    {
        var topology = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/topology")).RootElement.GetProperty("topology");
        return topology.GetProperty("nodes").EnumerateArray().Concat(topology.GetProperty("lanes").EnumerateArray())
            .Select(s => s.GetProperty("id").GetString()!).OrderByDescending(id => id.Length).ToList();
    }

    /// <summary>Names are data, not interface: nodes, lanes, candidate projects, the topology's and the feeds' names.</summary>
    private async Task<List<string>> NamesAsync()
    {
        var topology = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/topology")).RootElement.GetProperty("topology");
        var names = topology.GetProperty("nodes").EnumerateArray().Concat(topology.GetProperty("lanes").EnumerateArray())
            .Select(s => s.GetProperty("name").GetString()!)
            .Concat(topology.TryGetProperty("candidates", out var candidates) ? candidates.EnumerateArray().Select(c => c.GetProperty("name").GetString()!) : [])
            .Append(topology.GetProperty("name").GetString()!);
        var overview = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/overview")).RootElement;
        names = names.Concat(overview.GetProperty("feeds").EnumerateArray().Select(f => f.GetProperty("feed_id").GetString()!));
        return names.Where(n => n.Length > 0).Distinct().OrderByDescending(n => n.Length).ToList();
    }

    /// <summary>English words of the interface, the sentences, the enumerations and the commodities that are not also Spanish.</summary>
    private static readonly HashSet<string> EnglishOnly =
    [
        "the", "of", "and", "from", "by", "with", "days", "day", "cover", "lost", "supply", "blocked", "open", "opened", "critical", "warning",
        "copper", "lithium", "molybdenum", "rare", "earths", "upstream", "via", "declared", "strike", "network", "incidents", "incident",
        "disrupted", "disruption", "disruptions", "runs", "out", "recovery", "lane", "lanes", "output", "stress", "score", "next", "owner",
        "members", "show", "acknowledge", "resolve", "unassigned", "ago", "expected", "short", "stock", "feeds", "gaps", "capacity", "share",
        "concentrated", "holds", "benchmark", "buffer", "lasts", "takes", "carries", "receives", "recycled", "target", "missing", "extraction",
        "processing", "manufacturing", "consumption", "recycling", "logistics", "operational", "degraded", "unknown", "flow", "fit", "live",
        "sign", "key", "viewing", "without", "active", "only", "any", "severity", "all", "commodities", "commodity", "weather", "closure",
        "exposure", "delay", "silent", "anomaly", "inventory", "low", "fresh", "stale", "accepted", "rejected", "rank", "project", "stage",
        "kind", "why", "nodes", "status", "run", "add", "overview", "trend", "availability", "diversification", "survivability", "circularity",
    ];

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();

    [GeneratedRegex(@"\b\d+\.\d{1,2}\b")]
    private static partial Regex EnglishDecimal();
}
