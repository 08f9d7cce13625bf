using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Api.V1;
using Monitoring.Client;
using Monitoring.Gateway.Api;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// The gateway as `dotnet run` starts it (embedded silo, memory state), on Kestrel with free
/// loopback ports: an HTTP/1.1 port for JSON and an HTTP/2 port for gRPC.
/// </summary>
public class GatewayFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public GatewayFixture()
        : this(FreePorts.Next())
    {
    }

    /// <summary>A gateway on a given HTTP port: a second one started on the same port looks like a restart to a browser.</summary>
    protected GatewayFixture(int httpPort) => HttpPort = httpPort;

    public int HttpPort { get; }

    public int GrpcPort { get; } = FreePorts.Next();

    /// <summary>A certificate to serve both endpoints over TLS with (null: cleartext, as in the other tests).</summary>
    public virtual System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate => null;

    private string Scheme => ServerCertificate is null ? "http" : "https";

    public Uri GrpcAddress => new($"{Scheme}://127.0.0.1:{GrpcPort}");

    public HttpClient Http { get; private set; } = default!;

    public GrpcChannel Channel { get; private set; } = default!;

    /// <summary>A publisher with the demo admin key (any feed, any subject); use <see cref="FeedAs"/> for another key.</summary>
    public FeedService.FeedServiceClient Feed => FeedAs(AdminKey);

    /// <summary>A publisher calling with <paramref name="key"/> (none: without an authorization header).</summary>
    public FeedService.FeedServiceClient FeedAs(string? key) =>
        key is null ? new(Channel) : new(Channel.Intercept(metadata =>
        {
            if (metadata.Get("authorization") is null) metadata.Add("authorization", $"Bearer {key}");
            return metadata;
        }));

    public TopologyService.TopologyServiceClient Topology => new(Channel);

    public MonitoringService.MonitoringServiceClient Monitoring => new(Channel);

    /// <summary>The demo admin key of appsettings.Development.json (the environment these tests run in).</summary>
    public const string AdminKey = "demo-admin-key";

    public const string ViewerKey = "demo-viewer-key";

    public static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };

    /// <summary>Headers of an admin's gRPC call.</summary>
    public static Metadata Admin => Bearer(AdminKey);

    /// <summary>The admin key the fixture itself uses (to apply the initial topology, and for <see cref="AdminHttp"/>).</summary>
    protected virtual string FixtureAdminKey => AdminKey;

    /// <summary>An HTTP client that calls as the admin.</summary>
    public HttpClient AdminHttp { get; private set; } = default!;

    /// <summary>Settings on top of appsettings.json.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Enabled"] = "false",
        // Two providers (owners of the test mines and of the test ports), for the publishing permissions.
        ["Auth:Keys:mine-provider:Role"] = "provider",
        ["Auth:Keys:mine-provider:Sha256"] = global::Monitoring.Gateway.Security.Roles.Hash(MineProviderKey),
        ["Auth:Keys:mine-provider:Owner"] = "test-mine",
        ["Auth:Keys:port-provider:Role"] = "provider",
        ["Auth:Keys:port-provider:Sha256"] = global::Monitoring.Gateway.Security.Roles.Hash(PortProviderKey),
        ["Auth:Keys:port-provider:Owner"] = "test-port",
        ["Auth:Keys:port-provider:Feeds:0"] = "harbour-*",
        // A provider held to 5 observations a second and one stream.
        ["Auth:Keys:small-provider:Role"] = "provider",
        ["Auth:Keys:small-provider:Sha256"] = global::Monitoring.Gateway.Security.Roles.Hash(SmallProviderKey),
        ["Auth:Keys:small-provider:Owner"] = "test-plant",
        ["Auth:Keys:small-provider:ObservationsPerSecond"] = "5",
        ["Auth:Keys:small-provider:MaxStreams"] = "1",
        // A provider held to 3 batches a second, however small.
        ["Auth:Keys:batch-provider:Role"] = "provider",
        ["Auth:Keys:batch-provider:Sha256"] = global::Monitoring.Gateway.Security.Roles.Hash(BatchProviderKey),
        ["Auth:Keys:batch-provider:Owner"] = "test-batch",
        ["Auth:Keys:batch-provider:BatchesPerSecond"] = "3",
        // A provider of two mines of its own, held to 3 declared disruptions open at once.
        ["Auth:Keys:report-provider:Role"] = "provider",
        ["Auth:Keys:report-provider:Sha256"] = global::Monitoring.Gateway.Security.Roles.Hash(ReportProviderKey),
        ["Auth:Keys:report-provider:Owner"] = "test-reports",
        ["Auth:Keys:report-provider:MaxDeclared"] = "3",
        // A viewer key used only to count live-event subscriptions.
        ["Auth:Keys:stream-viewer:Role"] = "viewer",
        ["Auth:Keys:stream-viewer:Sha256"] = global::Monitoring.Gateway.Security.Roles.Hash(StreamViewerKey),
    };

    /// <summary>A provider key for "test-reports" (mines rep.mine.1 and rep.mine.2), with at most 3 declared disruptions open.</summary>
    public const string ReportProviderKey = "test-reports-provider-key";

    /// <summary>A viewer key only <c>EventLimitTests</c> uses, so its subscription count is theirs alone.</summary>
    public const string StreamViewerKey = "stream-viewer-key";

    /// <summary>A provider key for "test-batch" limited to 3 batches per second.</summary>
    public const string BatchProviderKey = "test-batch-provider-key";

    /// <summary>A provider key for "test-plant" limited to 5 observations per second and one open stream.</summary>
    public const string SmallProviderKey = "test-plant-small-provider-key";

    /// <summary>A provider key for "test-mine", the owner of every test mine (feeds test-mine, test-mine-…).</summary>
    public const string MineProviderKey = "test-mine-provider-key";

    /// <summary>A provider key for "test-port", the owner of every test port, limited to feeds harbour-*.</summary>
    public const string PortProviderKey = "test-port-provider-key";

    /// <summary>
    /// Applied once the gateway is ready: copper chains, one per test that needs its own subjects, and a
    /// cobalt network of two mines (CL 60 t/d, AU 40 t/d) with one candidate project, for the indicator
    /// tests (cobalt is in no other topology of the test process, so its gauges are this gateway's alone).
    /// </summary>
    public virtual Contracts.TopologySpec? InitialTopology
    {
        get
        {
            var chains = TestTopologies.Chains("e2e", "bad", "dup", "json", "feed", "stream", "watch", "ops", "sse", "nodejs", "csharp", "authz", "seq", "broken", "python", "names");
            return chains with
            {
                Commodities = [.. chains.Commodities, new Contracts.CommoditySpec("co", "Cobalt", "t")],
                Nodes = [.. chains.Nodes, TestTopologies.Mine("rep.mine.1", owner: "test-reports"), TestTopologies.Mine("rep.mine.2", owner: "test-reports"),
                    TestTopologies.Mine("ind.mine.cl", capacity: 60, commodity: "co"), TestTopologies.Mine("ind.mine.au", capacity: 40, commodity: "co") with { Country = "AU" }],
                Candidates =
                [
                    new Contracts.CandidateProject("cand.co.us-mine", "US cobalt mine", Contracts.ProjectKind.NewNode, "co", Contracts.Stage.Extraction, "US", "candidate",
                        20, 400, 3, null, null, null, 0),
                ],
            };
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Kestrel:Endpoints:Http:Url", $"{Scheme}://127.0.0.1:{HttpPort}");
        builder.UseSetting("Kestrel:Endpoints:Grpc:Url", $"{Scheme}://127.0.0.1:{GrpcPort}");
        if (ServerCertificate is { } certificate)
        {
            // PEM files, as an operator gives them (docs/deploy.md, "TLS").
            var (path, keyPath) = (Path.Combine(Path.GetTempPath(), $"monitoring-{HttpPort}.crt"), Path.Combine(Path.GetTempPath(), $"monitoring-{HttpPort}.key"));
            File.WriteAllText(path, certificate.ExportCertificatePem());
            File.WriteAllText(keyPath, System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.GetECDsaPrivateKey(certificate)!.ExportPkcs8PrivateKeyPem());
            foreach (var endpoint in new[] { "Http", "Grpc" })
            {
                builder.UseSetting($"Kestrel:Endpoints:{endpoint}:Certificate:Path", path);
                builder.UseSetting($"Kestrel:Endpoints:{endpoint}:Certificate:KeyPath", keyPath);
            }
        }
        builder.UseSetting("Orleans:SiloPort", FreePorts.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePorts.Next().ToString());
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        // Writes of one node fail, as if the store went away (ProviderErrorTests).
        builder.ConfigureTestServices(services => services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(global::Monitoring.Grains.Persistence.GrainStorage.Name,
            (sp, name) => new BrokenStoreStorage(Orleans.Storage.MemoryGrainStorageFactory.Create(sp, (string)name!))));
    }

    public virtual async Task InitializeAsync()
    {
        UseKestrel();
        StartServer();
        Http = new HttpClient(Handler()) { BaseAddress = new Uri($"{Scheme}://127.0.0.1:{HttpPort}") };
        AdminHttp = new HttpClient(Handler()) { BaseAddress = Http.BaseAddress };
        AdminHttp.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FixtureAdminKey);
        Channel = GrpcChannels.Create(GrpcAddress, ServerCertificate);
        await Poll.UntilAsync(async () => (await Http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the gateway to be ready");
        if (InitialTopology is { } topology)
        {
            await Topology.ApplyTopologyAsync(new ApplyTopologyRequest { Topology = ProtoMapping.ToProto(topology) }, Bearer(FixtureAdminKey));
        }
    }

    /// <summary>An HTTP handler that accepts the fixture's own certificate, if it serves one.</summary>
    public HttpMessageHandler Handler() => ServerCertificate is { } certificate
        ? new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, errors) => GrpcChannels.Accepts(certificate, presented, errors) }
        : new HttpClientHandler();

    async Task IAsyncLifetime.DisposeAsync() => await DisposeFixtureAsync();

    /// <summary>Stops the gateway (its ports are free again afterwards).</summary>
    public virtual async Task DisposeFixtureAsync()
    {
        Channel.Dispose();
        Http.Dispose();
        AdminHttp.Dispose();
        await DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
