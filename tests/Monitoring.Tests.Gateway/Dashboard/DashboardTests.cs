using System.Text.Json;
using Microsoft.Playwright;
using Monitoring.Api.V1;
using static Microsoft.Playwright.Assertions;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway.Dashboard;

/// <summary>The dashboard in Chromium against the running demo. Screenshots land in artifacts/screenshots.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardFixture gateway)
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(30);

    private async Task<IPage> OpenAsync(string? locale = "en-US")
    {
        var page = await Browser.NewPageAsync(gateway.Browser, locale);
        await page.GotoAsync($"http://127.0.0.1:{gateway.HttpPort}/");
        await Expect(page.Locator("#stream-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = (float)Load.TotalMilliseconds });
        return page;
    }

    [Fact]
    public async Task The_page_loads_with_the_demo_scores_network_and_feeds()
    {
        var page = await OpenAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Critical-mineral supply chains");
        foreach (var code in new[] { "cu", "li", "mo", "ree" })
            await Expect(page.Locator($".card[data-commodity='{code}'] .score")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d$"), new() { Timeout = (float)Load.TotalMilliseconds });
        await Expect(page.Locator("#network g.node")).Not.ToHaveCountAsync(0);
        Assert.True(await page.Locator("#network g.node").CountAsync() >= 60, "the copper network has at least 60 nodes");
        // The feeds are folded under their summary line; opened, they list every feed.
        await Expect(page.Locator("#feeds-summary")).Not.ToBeEmptyAsync(new() { Timeout = (float)Load.TotalMilliseconds });
        await page.ClickAsync(".feeds-panel summary");
        await Expect(page.Locator("#feeds tbody tr").First).ToBeVisibleAsync(new() { Timeout = (float)Load.TotalMilliseconds });
        await Expect(page.Locator("#projects tbody tr")).Not.ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "dashboard-overview");
        await Browser.ScreenshotAsync(page, "dashboard-full", fullPage: true);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_declared_disruption_published_over_grpc_appears_within_two_seconds_without_reload()
    {
        var page = await OpenAsync();
        var item = page.Locator("#live-feed li[data-subject='mine.cl.los-bronces']");
        await Expect(item).ToHaveCountAsync(0);
        // Only the live stream may bring it: the page's polling of the disruption list is cut off, and a
        // marker in the window shows the page was not reloaded.
        await page.RouteAsync("**/api/v1/disruptions**", route => route.AbortAsync());
        await page.EvaluateAsync("window.__sameDocument = true");

        await gateway.Feed.PublishAsync(Batch("dashboard-feed", 1, Declare("mine.cl.los-bronces", "dashboard-landslide", Severity.Critical)));

        await Expect(item).ToBeVisibleAsync(new() { Timeout = 2000 });
        await Expect(item.Locator(".kind")).ToHaveTextAsync("Declared");
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page was reloaded");
        await Browser.ScreenshotAsync(page, "dashboard-live-disruption");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_can_acknowledge_a_disruption_and_a_viewer_cannot()
    {
        await gateway.Feed.PublishAsync(Batch("dashboard-feed-2", 1, Declare("mine.cl.andina", "dashboard-avalanche", Severity.Critical)));
        var viewer = await OpenAsync();
        var item = viewer.Locator("#live-feed li[data-subject='mine.cl.andina']");
        await Expect(item).ToBeVisibleAsync(new() { Timeout = (float)Load.TotalMilliseconds });

        // Anonymous (the demo's viewer role), then with the viewer key: no controls.
        await Expect(item.Locator("button.acknowledge")).ToHaveCountAsync(0);
        await viewer.FillAsync("#api-key", GatewayFixture.ViewerKey);
        await viewer.ClickAsync("#sign-in button[type=submit]");
        await Expect(viewer.Locator("#session-text")).ToContainTextAsync("demo-viewer (viewer)");
        await Expect(item.Locator("button.acknowledge")).ToHaveCountAsync(0);
        await Expect(viewer.Locator("#admin-hint")).ToBeVisibleAsync();
        await viewer.Context.CloseAsync();

        var admin = await OpenAsync();
        await admin.FillAsync("#api-key", GatewayFixture.AdminKey);
        await admin.ClickAsync("#sign-in button[type=submit]");
        await Expect(admin.Locator("#session-text")).ToContainTextAsync("demo-admin (admin)");
        var adminItem = admin.Locator("#live-feed li[data-subject='mine.cl.andina']");
        await adminItem.Locator("button.acknowledge").ClickAsync();
        await adminItem.Locator("input.actor").FillAsync("Night shift lead");
        await adminItem.Locator("textarea.note").FillAsync("rescue team on site");
        await adminItem.Locator("form.action-form button[type=submit]").ClickAsync();

        await Expect(adminItem).ToHaveAttributeAsync("data-state", "ACKNOWLEDGED");
        await Browser.ScreenshotAsync(admin, "dashboard-acknowledged");
        await adminItem.Locator("button.resolve").ClickAsync();
        await adminItem.Locator("textarea.note").FillAsync("road cleared, mine back to work");
        await adminItem.Locator("form.action-form button[type=submit]").ClickAsync();
        await Expect(adminItem).ToHaveAttributeAsync("data-state", "RESOLVED");
        await Expect(adminItem.Locator("button.resolve")).ToHaveCountAsync(0);
        var listed = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/v1/disruptions?subject_id=mine.cl.andina&include_closed=true")).RootElement
            .GetProperty("disruptions").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "DISRUPTION_KIND_DECLARED");
        var history = listed.GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("state").GetString(), h.GetProperty("actor").GetString(), h.GetProperty("reason").GetString())).ToList();
        Assert.Contains(("DISRUPTION_STATE_ACKNOWLEDGED", "Night shift lead (demo-admin)", "rescue team on site"), history);
        Assert.Contains(("DISRUPTION_STATE_RESOLVED", "Night shift lead (demo-admin)", "road cleared, mine back to work"), history);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task A_port_strike_is_one_incident_card_with_its_impact_that_an_admin_acknowledges_and_its_link_opens()
    {
        await gateway.Feed.PublishAsync(Batch("dashboard-feed-3", 1, Declare("port.cl.coloso", "dashboard-strike", Severity.Critical)));
        var viewer = await OpenAsync();
        var card = viewer.Locator("#incident-list li[data-id^='port.cl.coloso--incident-']");
        await Expect(card).ToHaveCountAsync(1, new() { Timeout = (float)Load.TotalMilliseconds });
        await Expect(card.Locator("button.title")).ToHaveTextAsync("Port workers' strike at Coloso (Escondida concentrate port)");
        // The port's normal copper throughput is lost; the card says so and when it is expected back.
        await Expect(card.Locator(".impact")).ToContainTextAsync("t/d lost", new() { Timeout = (float)Load.TotalMilliseconds });
        await Expect(card.Locator(".impact")).ToContainTextAsync("recovery in");
        await Expect(card.Locator(".next")).ToHaveTextAsync("Next: acknowledge it and name an owner.");
        await Expect(card.Locator("button.root")).ToHaveTextAsync("Coloso (Escondida concentrate port)");
        await Expect(card.Locator("button.acknowledge")).ToHaveCountAsync(0);
        var id = (await card.GetAttributeAsync("data-id"))!;
        await viewer.Context.CloseAsync();

        var admin = await OpenAsync();
        await admin.FillAsync("#api-key", GatewayFixture.AdminKey);
        await admin.ClickAsync("#sign-in button[type=submit]");
        var adminCard = admin.Locator($"#incident-list li[data-id='{id}']");
        await Expect(adminCard.Locator("button.acknowledge")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(admin, "dashboard-incident");
        await adminCard.Locator("button.acknowledge").ClickAsync();
        await adminCard.Locator("input.actor").FillAsync("Night shift lead");
        await adminCard.Locator("textarea.note").FillAsync("terminal operator called");
        await adminCard.Locator("form.action-form button[type=submit]").ClickAsync();
        await Expect(adminCard).ToHaveAttributeAsync("data-state", "ACKNOWLEDGED");

        // An alert's link opens the incident with its members and timeline.
        await admin.GotoAsync($"http://127.0.0.1:{gateway.HttpPort}/?incident={id}");
        var dialog = admin.Locator("#incident");
        await Expect(dialog).ToBeVisibleAsync(new() { Timeout = (float)Load.TotalMilliseconds });
        await Expect(admin.Locator("#incident-title")).ToHaveTextAsync("Port workers' strike at Coloso (Escondida concentrate port)");
        await Expect(dialog.Locator("table[data-table='members'] tbody tr")).Not.ToHaveCountAsync(0);
        await Expect(dialog.Locator("table[data-table='impact-by-commodity'] tbody tr")).ToContainTextAsync("Copper");
        await Expect(dialog.Locator(".timeline li[data-kind='acknowledged']")).ToContainTextAsync("Night shift lead (demo-admin) · terminal operator called");
        await Browser.ScreenshotAsync(admin, "dashboard-incident-detail");
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_signed_in_on_the_page_opens_the_orleans_dashboard_and_a_viewer_gets_no_link()
    {
        var viewer = await OpenAsync();
        await viewer.FillAsync("#api-key", GatewayFixture.ViewerKey);
        await viewer.ClickAsync("#sign-in button[type=submit]");
        await Expect(viewer.Locator("#session-text")).ToContainTextAsync("demo-viewer (viewer)");
        await Expect(viewer.Locator("#orleans-link")).ToBeHiddenAsync();
        var refused = await viewer.GotoAsync($"http://127.0.0.1:{gateway.HttpPort}/orleans/");
        Assert.Equal(403, refused!.Status);
        await viewer.Context.CloseAsync();

        var admin = await OpenAsync();
        await admin.FillAsync("#api-key", GatewayFixture.AdminKey);
        await admin.ClickAsync("#sign-in button[type=submit]");
        await Expect(admin.Locator("#orleans-link")).ToBeVisibleAsync();
        var opened = await admin.Context.RunAndWaitForPageAsync(() => admin.ClickAsync("#orleans-link"));

        // Orleans' own page, served by the gateway to the admin's browser on the strength of the session cookie.
        await Expect(opened).ToHaveTitleAsync("Orleans Dashboard");
        await Expect(opened.GetByText("Silos").First).ToBeVisibleAsync(new() { Timeout = (float)Load.TotalMilliseconds });
        await Browser.ScreenshotAsync(opened, "orleans-dashboard");
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Drilling_down_into_a_node_shows_sparklines_of_its_recent_values()
    {
        var page = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        await gateway.Feed.PublishAsync(Batch("dashboard-feed-3", 1,
            Output("mine.cl.centinela", 700, now.AddSeconds(-20)), Output("mine.cl.centinela", 720, now.AddSeconds(-10)), Output("mine.cl.centinela", 690, now)));

        await page.Locator("#network g[data-node='mine.cl.centinela']").ClickAsync();

        var dialog = page.Locator("#detail");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("#detail-title")).ToHaveTextAsync("Centinela");
        var line = dialog.Locator("tr[data-metric='METRIC_OUTPUT_TPD'][data-commodity=''] svg.sparkline polyline");
        await Expect(line).ToHaveCountAsync(1);
        var points = (await line.GetAttributeAsync("points"))!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(points.Length >= 3, $"a sparkline of the recent output readings, got {points.Length} points");
        await Browser.ScreenshotAsync(page, "dashboard-node-detail");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).Not.ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_stress_test_form_returns_run_out_days_and_the_score_during_the_outage()
    {
        var page = await OpenAsync();

        // A name, or part of one, is enough.
        await page.FillAsync("#stress-subject", "Angamos");
        await page.ClickAsync("#stress-add");
        await Expect(page.Locator("#stress-chosen li[data-id='port.cl.angamos']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Puerto Angamos \\(Mejillones\\)"));
        await page.FillAsync("#stress-days", "30");
        await page.ClickAsync("#stress-run");

        var copper = page.Locator("#stress-results .stress-commodity[data-commodity='cu']");
        await Expect(copper).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(copper.Locator("h3")).ToContainTextAsync("during the outage");
        // One sentence per node that runs short: from which day to which, by how much, whether its stock lasts, what others make up.
        var sentences = copper.Locator("ul.stress-downstream li");
        await Expect(sentences).Not.ToHaveCountAsync(0);
        foreach (var sentence in await sentences.AllInnerTextsAsync())
            Assert.Matches(@"^.+ \(.+\) misses up to [\d,.]+ t/d of copper from day [\d.]+ to day [\d.]+; (its [\d,]+ t of stock (run out on day [\d.]+: [\d,]+ t short in all|cover the gap)|and holds no stock: [\d,]+ t short in all)\.( Its other suppliers send [\d,.]+ t/d instead once their cargoes land \(counted from then on\)\.)?$", sentence);
        // Other ports' spare reaches some of them after its own voyage, and the sentence says so.
        Assert.Contains(await sentences.AllInnerTextsAsync(), s => s.Contains("Its other suppliers send", StringComparison.Ordinal));
        await copper.ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(page, "dashboard-stress-test");

        await page.FillAsync("#stress-subject", "no.such.node");
        await page.ClickAsync("#stress-add");
        await Expect(page.Locator("#stress-error")).ToContainTextAsync("no.such.node");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Switching_to_spanish_translates_the_interface_and_formats_numbers_for_it()
    {
        var page = await OpenAsync();
        await Expect(page.Locator(".card[data-commodity='cu'] .score")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d$"), new() { Timeout = (float)Load.TotalMilliseconds });

        await page.ClickAsync("button[data-lang='es']");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Cadenas de suministro de minerales críticos");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.Locator("#stream-status")).ToHaveTextAsync("En vivo");
        await Expect(page.Locator("#stress-title")).ToHaveTextAsync("Prueba de estrés");
        await Expect(page.Locator(".card[data-commodity='cu'] .score")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+,\d$"));
        await Browser.ScreenshotAsync(page, "dashboard-spanish");

        // The choice is remembered on reload.
        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cadenas de suministro de minerales críticos");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_network_nodes_and_the_language_switch_work_from_the_keyboard()
    {
        var page = await OpenAsync();
        var node = page.Locator("#network g[data-node='port.cl.antofagasta']");

        await node.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#detail")).ToBeVisibleAsync();
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("Port of Antofagasta");
        await page.Keyboard.PressAsync("Escape");

        // A live change redraws the network; the node in focus keeps it.
        await node.FocusAsync();
        await gateway.Feed.PublishAsync(Batch("dashboard-feed-4", 1, Declare("mine.cl.spence", "dashboard-flood", Severity.Critical)));
        await Expect(page.Locator("#network g[data-node='mine.cl.spence']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("DISRUPTED"));
        Assert.Equal("port.cl.antofagasta", await page.EvaluateAsync<string>("document.activeElement?.dataset?.node ?? ''"));

        await page.Locator("button[data-lang='es']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cadenas de suministro de minerales críticos");
        await page.Context.CloseAsync();
    }
}
