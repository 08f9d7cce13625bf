using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Monitoring.Api.V1;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// A gateway serving HTTPS and gRPC over TLS from PEM files through the standard Kestrel settings, with its demo and
/// simulated providers on. The certificate names a public host, not 127.0.0.1: the simulator accepts its own gateway's
/// certificate whatever names it carries, and the tests accept it as a provider would a private CA's.
/// </summary>
public sealed class TlsGatewayFixture : GatewayFixture
{
    private static readonly X509Certificate2 Certificate = Create();

    /// <summary>The certificate as PEM, for clients to trust (as a provider trusts its gateway's CA).</summary>
    public string CertificatePath { get; } = WritePem();

    /// <summary>The name the certificate carries (clients connect by 127.0.0.1).</summary>
    public const string Name = "monitoring.example.org";

    public override X509Certificate2? ServerCertificate => Certificate;

    /// <summary>The providers' CA, and a client certificate it signed for the provider "bhp" (Escondida's owner in the demo).</summary>
    private static readonly (X509Certificate2 Authority, X509Certificate2 Client) Providers = ProviderCertificates();

    public X509Certificate2 ProviderCertificate => Providers.Client;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Demo:Enabled"] = "true",
        ["Demo:Simulate"] = "true",
        ["Demo:Interval"] = "00:00:01",
        ["Auth:ProviderCaPath"] = WritePem("providers-ca", Providers.Authority),
        ["Auth:Keys:bhp-certificate:Role"] = "provider",
        ["Auth:Keys:bhp-certificate:Owner"] = "bhp",
        ["Auth:Keys:bhp-certificate:CertificateSha256"] = Providers.Client.GetCertHashString(HashAlgorithmName.SHA256),
    };

    private static (X509Certificate2, X509Certificate2) ProviderCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Providers CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bhp feed", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var signed = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(8));
        return (authority, signed.CopyWithPrivateKey(key));
    }

    private static string WritePem(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(Path.GetTempPath(), $"monitoring-{name}-{Environment.ProcessId}.crt");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    public override Contracts.TopologySpec? InitialTopology => null;

    private static string WritePem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"monitoring-tls-client-{Environment.ProcessId}.crt");
        File.WriteAllText(path, Certificate.ExportCertificatePem());
        return path;
    }

    private static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=monitoring.example.org", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(Name);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TlsGatewayCollection : ICollectionFixture<TlsGatewayFixture>
{
    public const string Name = "tls gateway";
}

[Collection(TlsGatewayCollection.Name)]
public sealed class TlsTests(TlsGatewayFixture gateway)
{
    [Fact]
    public async Task The_gateway_serves_grpc_and_https_over_tls_and_its_demo_simulator_publishes_through_it()
    {
        Assert.Equal("https", gateway.GrpcAddress.Scheme);

        // The simulated providers publish over TLS to the gateway's own gRPC endpoint: their feeds show up.
        var overview = await Poll.UntilAsync(async () =>
        {
            var o = await gateway.Monitoring.GetOverviewAsync(new GetOverviewRequest(), GatewayFixture.Admin);
            return o.Feeds.Any(f => f.Batches > 0) ? o : null;
        }, TimeSpan.FromSeconds(60), "the demo's feeds publishing over TLS");
        using var json = await gateway.AdminHttp.GetAsync("/api/v1/overview");

        Assert.Equal("chile-us", overview.TopologyName);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("https", json.RequestMessage!.RequestUri!.Scheme);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_is_refused_the_connection()
    {
        using var strict = new HttpClient { BaseAddress = gateway.Http.BaseAddress };

        await Assert.ThrowsAsync<HttpRequestException>(() => strict.GetAsync("/healthz"));
    }

    /// <summary>The Node.js and Python provider examples publish over TLS, trusting the gateway's certificate.</summary>
    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task A_provider_example_publishes_over_tls_trusting_the_gateways_certificate(string language)
    {
        var (exit, output) = await ProviderExamples.PublishAsync(language, new Dictionary<string, string>
        {
            ["MONITORING_GATEWAY"] = $"127.0.0.1:{gateway.GrpcPort}",
            ["MONITORING_API_KEY"] = GatewayFixture.AdminKey,
            ["MONITORING_CA"] = gateway.CertificatePath,
            ["MONITORING_TLS_NAME"] = TlsGatewayFixture.Name,
            ["FEED_ID"] = $"{language}-over-tls",
            ["NODE_ID"] = "mine.cl.escondida",
        });

        Assert.True(exit == 0, output);
        Assert.Contains("all 3 batches acked", output);
    }

    /// <summary>A provider identified by its TLS client certificate (no key): it publishes to its own node; another CA's certificate cannot connect.</summary>
    [Fact]
    public async Task A_provider_identified_by_its_client_certificate_publishes_without_a_key()
    {
        using var channel = Channel(gateway.ProviderCertificate);
        var ack = Assert.Single(await new FeedService.FeedServiceClient(channel).PublishAsync(
            Observations.Batch("bhp-certificate-feed", 1, Observations.Output("mine.cl.escondida", 3_000))));

        Assert.Equal((1U, 0), (ack.Accepted, ack.Rejected.Count));

        // Not the demo admin: the certificate speaks for bhp only.
        var foreign = Assert.Single(await new FeedService.FeedServiceClient(channel).PublishAsync(
            Observations.Batch("bhp-certificate-feed", 2, Observations.Output("port.cl.angamos", 1_000, metric: Metric.HandledTpd))));
        Assert.Equal("PERMISSION_DENIED", Assert.Single(foreign.Rejected).Code);

        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = new CertificateRequest("CN=stranger", strangerKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var refusedChannel = Channel(stranger);
        // The TLS handshake fails: the connection never carries a request (the client sees it end, as UNAVAILABLE or an I/O error).
        var refused = await Record.ExceptionAsync(() => new FeedService.FeedServiceClient(refusedChannel).PublishAsync(
            Observations.Batch("bhp-certificate-feed", 3, Observations.Output("mine.cl.escondida", 3_000))));
        Assert.True(refused is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Unavailable } or HttpRequestException or IOException, refused?.ToString() ?? "no error");
    }

    private Grpc.Net.Client.GrpcChannel Channel(X509Certificate2 clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [clientCertificate];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
            Monitoring.Client.GrpcChannels.Accepts(gateway.ServerCertificate!, presented, errors);
        return Grpc.Net.Client.GrpcChannel.ForAddress(gateway.GrpcAddress, new Grpc.Net.Client.GrpcChannelOptions { HttpHandler = handler });
    }
}
