using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Api.V1;
using static Monitoring.Tests.Gateway.Observations;
using Roles = global::Monitoring.Gateway.Security.Roles;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// A gateway configured as in production: no demo keys, callers without a key refused, and one key per
/// kind of caller (docs/security.md, "Who can do what").
/// </summary>
public class ProductionGatewayFixture : GatewayFixture
{
    public const string AdminKeyValue = "matrix-admin-key";
    public const string ViewerKeyValue = "matrix-viewer-key";
    public const string Provider = "matrix-mine-provider-key";
    public const string OtherProvider = "matrix-port-provider-key";

    protected override string FixtureAdminKey => AdminKeyValue;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Enabled"] = "false",
        ["Auth:AnonymousRole"] = "",
        ["Auth:Keys:ops:Role"] = Roles.Admin,
        ["Auth:Keys:ops:Sha256"] = Roles.Hash(AdminKeyValue),
        ["Auth:Keys:wall-screen:Role"] = Roles.Viewer,
        ["Auth:Keys:wall-screen:Sha256"] = Roles.Hash(ViewerKeyValue),
        ["Auth:Keys:mine:Role"] = Roles.Provider,
        ["Auth:Keys:mine:Sha256"] = Roles.Hash(Provider),
        ["Auth:Keys:mine:Owner"] = "test-mine",
        ["Auth:Keys:port:Role"] = Roles.Provider,
        ["Auth:Keys:port:Sha256"] = Roles.Hash(OtherProvider),
        ["Auth:Keys:port:Owner"] = "test-port",
    };

    public override Contracts.TopologySpec? InitialTopology => TestTopologies.Chains("matrix");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        base.ConfigureWebHost(builder);
    }

    /// <summary>The routes the gateway serves (gRPC methods, JSON routes, the event stream, the Orleans dashboard …), by pattern.</summary>
    public IReadOnlyList<(string Pattern, RouteEndpoint Endpoint)> Routes() => Services.GetServices<EndpointDataSource>()
        .SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
        .Select(e => ("/" + e.RoutePattern.RawText!.TrimStart('/'), e)).ToList();
}

/// <summary>
/// Runs after the parallel collections: stopping a gateway disposes meters that other gateways of this
/// process share by name, which would blank their /metrics while their tests still read it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProductionGatewayCollection : ICollectionFixture<ProductionGatewayFixture>
{
    public const string Name = "production gateway";
}

/// <summary>
/// Every gRPC method, JSON route and stream of the gateway, called by every kind of caller: anonymous,
/// a key the gateway does not know, a viewer, the provider owning the subjects, another provider, an
/// admin. Each call either reaches the service or is refused with the status docs/security.md gives.
/// </summary>
[Collection(ProductionGatewayCollection.Name)]
public sealed class AuthorizationMatrixTests(ProductionGatewayFixture gateway)
{
    public enum Caller { Anonymous, UnknownKey, Viewer, Provider, OtherProvider, Admin }

    /// <summary>Who may: everyone; any holder of a valid key; admins; the owning provider and admins.</summary>
    public enum Access { Public, Read, Operate, Publish }

    private enum Outcome { Served, Unauthenticated, Denied }

    /// <param name="Name">The gRPC method, or the HTTP method and route pattern.</param>
    private sealed record Operation(string Name, Access Access, Func<ProductionGatewayFixture, string?, Task<Outcome>> Call)
    {
        public string Route => Name[(Name.IndexOf(' ') + 1)..];
    }

    private const string Disruption = "matrix.mine:no-such-disruption";
    private const string Incident = "matrix.mine--incident-99";

    private static readonly Operation[] Operations =
    [
        // gRPC
        Grpc("/monitoring.v1.FeedService/Publish", Access.Publish, async (g, key) =>
        {
            var ack = Assert.Single(await g.FeedAs(key).PublishAsync(Batch("test-mine-matrix", 1, Output("matrix.mine", 700))));
            Assert.Empty(ack.Rejected);
        }),
        Grpc("/monitoring.v1.MonitoringService/ResetFeed", Access.Operate, (g, h) => g.Monitoring.ResetFeedAsync(new ResetFeedRequest { FeedId = "matrix-reset", Note = "matrix" }, h).ResponseAsync),
        Grpc("/monitoring.v1.TopologyService/ApplyTopology", Access.Operate, async (g, h) =>
        {
            var current = await g.Topology.GetTopologyAsync(new GetTopologyRequest(), ProductionGatewayFixture.Bearer(ProductionGatewayFixture.AdminKeyValue));
            await g.Topology.ApplyTopologyAsync(new ApplyTopologyRequest { Topology = current.Topology, ValidateOnly = true }, h);
        }),
        Grpc("/monitoring.v1.TopologyService/GetTopology", Access.Read, (g, h) => g.Topology.GetTopologyAsync(new GetTopologyRequest(), h).ResponseAsync),
        Grpc("/monitoring.v1.MonitoringService/GetOverview", Access.Read, (g, h) => g.Monitoring.GetOverviewAsync(new GetOverviewRequest(), h).ResponseAsync),
        Grpc("/monitoring.v1.MonitoringService/GetNode", Access.Read, (g, h) => g.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "matrix.mine" }, h).ResponseAsync),
        Grpc("/monitoring.v1.MonitoringService/GetLane", Access.Read, (g, h) => g.Monitoring.GetLaneAsync(new GetLaneRequest { LaneId = "matrix.lane.mine-port" }, h).ResponseAsync),
        Grpc("/monitoring.v1.MonitoringService/ListDisruptions", Access.Read, (g, h) => g.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest(), h).ResponseAsync),
        Grpc("/monitoring.v1.MonitoringService/AcknowledgeDisruption", Access.Operate, (g, h) => NotFound(
            g.Monitoring.AcknowledgeDisruptionAsync(new AcknowledgeDisruptionRequest { DisruptionId = Disruption, Note = "matrix" }, h).ResponseAsync)),
        Grpc("/monitoring.v1.MonitoringService/ResolveDisruption", Access.Operate, (g, h) => NotFound(
            g.Monitoring.ResolveDisruptionAsync(new ResolveDisruptionRequest { DisruptionId = Disruption, Note = "matrix" }, h).ResponseAsync)),
        Grpc("/monitoring.v1.MonitoringService/ListIncidents", Access.Read, (g, h) => g.Monitoring.ListIncidentsAsync(new ListIncidentsRequest(), h).ResponseAsync),
        Grpc("/monitoring.v1.MonitoringService/GetIncident", Access.Read, (g, h) => NotFound(
            g.Monitoring.GetIncidentAsync(new GetIncidentRequest { IncidentId = Incident }, h).ResponseAsync)),
        Grpc("/monitoring.v1.MonitoringService/AcknowledgeIncident", Access.Operate, (g, h) => NotFound(
            g.Monitoring.AcknowledgeIncidentAsync(new AcknowledgeIncidentRequest { IncidentId = Incident, Note = "matrix" }, h).ResponseAsync)),
        Grpc("/monitoring.v1.MonitoringService/AssignIncident", Access.Operate, (g, h) => NotFound(
            g.Monitoring.AssignIncidentAsync(new AssignIncidentRequest { IncidentId = Incident, Owner = "matrix" }, h).ResponseAsync)),
        Grpc("/monitoring.v1.MonitoringService/AddIncidentNote", Access.Operate, (g, h) => NotFound(
            g.Monitoring.AddIncidentNoteAsync(new AddIncidentNoteRequest { IncidentId = Incident, Note = "matrix" }, h).ResponseAsync)),
        Grpc("/monitoring.v1.MonitoringService/ResolveIncident", Access.Operate, (g, h) => NotFound(
            g.Monitoring.ResolveIncidentAsync(new ResolveIncidentRequest { IncidentId = Incident, Note = "matrix" }, h).ResponseAsync)),
        Grpc("/monitoring.v1.MonitoringService/GetIndicators", Access.Read, (g, h) => g.Monitoring.GetIndicatorsAsync(new GetIndicatorsRequest { Commodity = "cu" }, h).ResponseAsync),
        Grpc("/monitoring.v1.MonitoringService/GetSourcing", Access.Read, (g, h) => g.Monitoring.GetSourcingAsync(new GetSourcingRequest { Commodity = "cu" }, h).ResponseAsync),
        Grpc("/monitoring.v1.MonitoringService/ListGaps", Access.Read, (g, h) => g.Monitoring.ListGapsAsync(new ListGapsRequest { Commodity = "cu" }, h).ResponseAsync),
        Grpc("/monitoring.v1.MonitoringService/RunStressTest", Access.Read, (g, h) =>
            g.Monitoring.RunStressTestAsync(new RunStressTestRequest { NodeIds = { "matrix.mine" }, Days = 10 }, h).ResponseAsync),
        Grpc("/monitoring.v1.MonitoringService/RankProjects", Access.Read, (g, h) => g.Monitoring.RankProjectsAsync(new RankProjectsRequest(), h).ResponseAsync),
        Grpc("/monitoring.v1.MonitoringService/Watch", Access.Read, async (g, h) =>
        {
            // A request the service refuses (an undefined severity), so that the stream ends at once either way:
            // INVALID_ARGUMENT once past authorization, UNAUTHENTICATED or PERMISSION_DENIED before it.
            using var watch = g.Monitoring.Watch(new WatchRequest { MinSeverity = (Severity)99 }, h);
            var error = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext());
            if (error.StatusCode != StatusCode.InvalidArgument) throw error;
        }),

        // JSON (gRPC JSON transcoding) and plain HTTP
        Http("POST", "/api/v1/feeds/{feed_id}:reset", Access.Operate, "/api/v1/feeds/matrix-reset:reset", """{"note":"matrix"}"""),
        Http("GET", "/api/v1/overview", Access.Read),
        Http("GET", "/api/v1/nodes/{node_id}", Access.Read, "/api/v1/nodes/matrix.mine"),
        Http("GET", "/api/v1/lanes/{lane_id}", Access.Read, "/api/v1/lanes/matrix.lane.mine-port"),
        Http("GET", "/api/v1/disruptions", Access.Read),
        Http("POST", "/api/v1/disruptions/{disruption_id}:acknowledge", Access.Operate, $"/api/v1/disruptions/{Disruption}:acknowledge", """{"note":"matrix"}""", HttpStatusCode.NotFound),
        Http("POST", "/api/v1/disruptions/{disruption_id}:resolve", Access.Operate, $"/api/v1/disruptions/{Disruption}:resolve", """{"note":"matrix"}""", HttpStatusCode.NotFound),
        Http("GET", "/api/v1/incidents", Access.Read),
        Http("GET", "/api/v1/incidents/{incident_id}", Access.Read, $"/api/v1/incidents/{Incident}", served: HttpStatusCode.NotFound),
        Http("POST", "/api/v1/incidents/{incident_id}:acknowledge", Access.Operate, $"/api/v1/incidents/{Incident}:acknowledge", """{"note":"matrix"}""", HttpStatusCode.NotFound),
        Http("POST", "/api/v1/incidents/{incident_id}:assign", Access.Operate, $"/api/v1/incidents/{Incident}:assign", """{"owner":"matrix"}""", HttpStatusCode.NotFound),
        Http("POST", "/api/v1/incidents/{incident_id}:note", Access.Operate, $"/api/v1/incidents/{Incident}:note", """{"note":"matrix"}""", HttpStatusCode.NotFound),
        Http("POST", "/api/v1/incidents/{incident_id}:resolve", Access.Operate, $"/api/v1/incidents/{Incident}:resolve", """{"note":"matrix"}""", HttpStatusCode.NotFound),
        Http("GET", "/api/v1/commodities/{commodity}/indicators", Access.Read, "/api/v1/commodities/cu/indicators"),
        Http("GET", "/api/v1/commodities/{commodity}/gaps", Access.Read, "/api/v1/commodities/cu/gaps"),
        Http("GET", "/api/v1/commodities/{commodity}/sourcing", Access.Read, "/api/v1/commodities/cu/sourcing"),
        Http("POST", "/api/v1/stress-tests", Access.Read, body: """{"node_ids":["matrix.mine"],"days":10}"""),
        Http("POST", "/api/v1/project-rankings", Access.Read, body: "{}"),
        Http("PUT", "/api/v1/topology", Access.Operate, path: null, body: async g => JsonFormatter.Default.Format(new ApplyTopologyRequest
        {
            Topology = (await g.Topology.GetTopologyAsync(new GetTopologyRequest(), ProductionGatewayFixture.Bearer(ProductionGatewayFixture.AdminKeyValue))).Topology,
            ValidateOnly = true,
        })),
        Http("GET", "/api/v1/topology", Access.Read),
        Http("GET", "/api/v1/events", Access.Read),
        Http("GET", "/api/v1/session", Access.Public),
        Http("POST", "/api/v1/session", Access.Operate),
        Http("DELETE", "/api/v1/session", Access.Public),
        Http("GET", "/orleans", Access.Operate, "/orleans/"),
        Http("GET", "/orleans/DashboardCounters", Access.Operate),
        Http("GET", "/metrics", Access.Public),
        Http("GET", "/healthz", Access.Public),
        Http("GET", "/readyz", Access.Public),
    ];

    public static TheoryData<string, Caller> Cases()
    {
        var data = new TheoryData<string, Caller>();
        foreach (var operation in Operations)
        {
            foreach (var caller in Enum.GetValues<Caller>()) data.Add(operation.Name, caller);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_reaches_exactly_the_operations_its_role_allows(string operation, Caller caller)
    {
        var op = Operations.Single(o => o.Name == operation);

        var outcome = await op.Call(gateway, KeyOf(caller));

        Assert.Equal(Expected(op.Access, caller), outcome);
    }

    [Fact]
    public void Every_route_the_gateway_serves_is_in_the_matrix()
    {
        var covered = Operations.Select(o => o.Route).ToHashSet();

        // The Orleans dashboard is one route group behind one policy: its page and one of its API routes are in the matrix.
        // gRPC's catch-alls for unknown services and methods answer UNIMPLEMENTED to anyone, with nothing behind them.
        var missing = gateway.Routes().Select(r => r.Pattern).Distinct()
            .Where(route => !covered.Contains(route) && !route.StartsWith("/orleans/", StringComparison.Ordinal) && !route.Contains("{unimplemented", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_orleans_dashboard_route_requires_the_admin_policy()
    {
        var dashboard = gateway.Routes().Where(r => r.Pattern.StartsWith("/orleans", StringComparison.Ordinal)).Select(r => r.Endpoint).ToList();

        Assert.NotEmpty(dashboard);
        Assert.All(dashboard, e => Assert.Contains(e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>(),
            a => a.Policy == global::Monitoring.Gateway.Security.Policies.OrleansDashboard));
    }

    [Fact]
    public async Task An_admins_session_cookie_opens_the_orleans_dashboard_and_nothing_else()
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = gateway.Http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/orleans/")).StatusCode);

        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session");
        signIn.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProductionGatewayFixture.AdminKeyValue);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(signIn)).StatusCode);

        var page = await browser.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/orleans/DashboardCounters")).StatusCode);
        // The cookie is scoped to /orleans: the API still wants a key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/overview")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await browser.DeleteAsync("/api/v1/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/orleans/")).StatusCode);
    }

    private static Outcome Expected(Access access, Caller caller) => (access, caller) switch
    {
        (Access.Public, _) => Outcome.Served,
        (_, Caller.Anonymous or Caller.UnknownKey) => Outcome.Unauthenticated,
        (Access.Read, _) => Outcome.Served,
        (_, Caller.Admin) => Outcome.Served,
        (Access.Publish, Caller.Provider) => Outcome.Served,
        _ => Outcome.Denied,
    };

    private static string? KeyOf(Caller caller) => caller switch
    {
        Caller.Anonymous => null,
        Caller.UnknownKey => "not-a-configured-key",
        Caller.Viewer => ProductionGatewayFixture.ViewerKeyValue,
        Caller.Provider => ProductionGatewayFixture.Provider,
        Caller.OtherProvider => ProductionGatewayFixture.OtherProvider,
        _ => ProductionGatewayFixture.AdminKeyValue,
    };

    private static Operation Grpc(string route, Access access, Func<ProductionGatewayFixture, Metadata, Task> call) =>
        Grpc(route, access, (ProductionGatewayFixture g, string? key) => call(g, key is null ? [] : ProductionGatewayFixture.Bearer(key)));

    private static Operation Grpc(string route, Access access, Func<ProductionGatewayFixture, string?, Task> call) => new(route, access, async (g, key) =>
    {
        try
        {
            await call(g, key);
            return Outcome.Served;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
        {
            return Outcome.Unauthenticated;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
        {
            return Outcome.Denied;
        }
    });

    /// <summary>The call reached the service, which answered that the disruption does not exist.</summary>
    private static async Task NotFound<T>(Task<T> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        if (error.StatusCode != StatusCode.NotFound) throw error;
    }

    private static Operation Http(string method, string route, Access access, string? path = null, string? body = null, HttpStatusCode served = HttpStatusCode.OK) =>
        Http(method, route, access, path, body is null ? null : _ => Task.FromResult(body), served);

    private static Operation Http(string method, string route, Access access, string? path, Func<ProductionGatewayFixture, Task<string>>? body, HttpStatusCode served = HttpStatusCode.OK) =>
        new($"{method} {route}", access, async (g, key) =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path ?? route);
            if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            if (body is not null) request.Content = new StringContent(await body(g), Encoding.UTF8, "application/json");
            // A client of its own, without cookies: an admin's session cookie must not travel with the next caller.
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = g.Http.BaseAddress };
            // Headers only: the event stream never ends.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => Outcome.Unauthenticated,
                HttpStatusCode.Forbidden => Outcome.Denied,
                var status when status == served => Outcome.Served,
                var status => throw new Xunit.Sdk.XunitException($"{method} {path ?? route}: HTTP {(int)status}: {await response.Content.ReadAsStringAsync()}"),
            };
        });
}
