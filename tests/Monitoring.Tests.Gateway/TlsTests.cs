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

    protected override X509Certificate2? ServerCertificate => Certificate;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Demo:Enabled"] = "true",
        ["Demo:Simulate"] = "true",
        ["Demo:Interval"] = "00:00:01",
    };

    public override Contracts.TopologySpec? InitialTopology => null;

    private static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=monitoring.example.org", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("monitoring.example.org");
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
}
