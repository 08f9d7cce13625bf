using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Monitoring.Api.V1;
using static Monitoring.Tests.Gateway.Observations;
using Roles = global::Monitoring.Gateway.Security.Roles;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// A production gateway that accepts operators' JWTs from an identity provider whose public key it holds as a PEM file
/// (the air-gapped setting), beside API keys. The tests sign tokens with the matching private key: no identity provider runs.
/// </summary>
public sealed class JwtGatewayFixture : ProductionGatewayFixture
{
    public const string Issuer = "https://login.ops.example.gov/realms/ops";
    public const string Audience = "monitoring";

    private static readonly ECDsa Signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly string PublicKeyPath = WritePublicKey();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Auth:Jwt:Issuer"] = Issuer,
        ["Auth:Jwt:Audience"] = Audience,
        ["Auth:Jwt:PublicKeyPath"] = PublicKeyPath,
        // This gateway also keeps its /metrics to callers that may read.
        ["Metrics:RequireKey"] = "true",
    };

    /// <summary>A token for <paramref name="name"/> with <paramref name="role"/>, signed by the identity provider's key unless another is given.</summary>
    public static string Token(string name, string role, ECDsa? key = null, string audience = Audience, DateTime? expires = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", name.ToLowerInvariant().Replace(' ', '.')), new Claim("name", name), new Claim("role", role)]),
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-20),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key ?? Signing), SecurityAlgorithms.EcdsaSha256),
        });

    private static string WritePublicKey()
    {
        var path = Path.Combine(Path.GetTempPath(), $"monitoring-jwt-{Environment.ProcessId}.pem");
        File.WriteAllText(path, Signing.ExportSubjectPublicKeyInfoPem());
        return path;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JwtGatewayCollection : ICollectionFixture<JwtGatewayFixture>
{
    public const string Name = "jwt gateway";
}

/// <summary>Operators signed in by an identity provider: their token's role decides what they may do, and their name goes into the history.</summary>
[Collection(JwtGatewayCollection.Name)]
public sealed class JwtAuthTests(JwtGatewayFixture gateway)
{
    private static Metadata As(string token) => GatewayFixture.Bearer(token);

    [Fact]
    public async Task A_viewer_token_reads_over_grpc_and_json()
    {
        var token = JwtGatewayFixture.Token("Vera Viewer", Roles.Viewer);

        var overview = await gateway.Monitoring.GetOverviewAsync(new GetOverviewRequest(), As(token));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/session");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var session = await gateway.Http.SendAsync(request);

        Assert.Equal(3U, overview.NodeCount);
        Assert.Contains("\"name\":\"Vera Viewer\"", await session.Content.ReadAsStringAsync());
        Assert.Contains("\"role\":\"viewer\"", await session.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_call_without_a_token_is_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    /// <summary>Refused by the token validation (its challenge names why), not mistaken for an unknown API key.</summary>
    [Theory]
    [InlineData("foreign-signed", "signature")]
    [InlineData("expired", "expired")]
    [InlineData("other-audience", "audience")]
    public async Task A_token_signed_by_another_key_expired_or_for_another_audience_is_unauthenticated(string kind, string why)
    {
        var token = kind switch
        {
            "foreign-signed" => JwtGatewayFixture.Token("Mallory", Roles.Admin, key: ECDsa.Create(ECCurve.NamedCurves.nistP256)),
            "expired" => JwtGatewayFixture.Token("Ed Expired", Roles.Admin, expires: DateTime.UtcNow.AddMinutes(-5)),
            _ => JwtGatewayFixture.Token("Otto Other", Roles.Admin, audience: "another-app"),
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.GetOverviewAsync(new GetOverviewRequest(), As(token)).ResponseAsync);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/overview");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await gateway.Http.SendAsync(request);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = string.Join(" ", response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Contains("invalid_token", challenge);
        Assert.Contains(why, challenge, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_viewer_cannot_act_and_a_token_without_a_platform_role_cannot_read()
    {
        var viewer = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.AcknowledgeDisruptionAsync(
            new AcknowledgeDisruptionRequest { DisruptionId = "matrix.mine--declared-1", Note = "mine" }, As(JwtGatewayFixture.Token("Vera Viewer", Roles.Viewer))).ResponseAsync);
        var roleless = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.GetOverviewAsync(
            new GetOverviewRequest(), As(JwtGatewayFixture.Token("Pat Payroll", "payroll-clerk"))).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, viewer.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, roleless.StatusCode);
    }

    [Fact]
    public async Task An_admin_token_acts_and_its_name_is_in_the_history()
    {
        await gateway.FeedAs(ProductionGatewayFixture.AdminKeyValue).PublishAsync(Batch("jwt-feed", 1, Declare("matrix.port", "strike")));
        var disruption = (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "matrix.port" }, GatewayFixture.Bearer(ProductionGatewayFixture.AdminKeyValue))).Disruptions.Single();

        var acknowledged = await gateway.Monitoring.AcknowledgeDisruptionAsync(
            new AcknowledgeDisruptionRequest { DisruptionId = disruption.Id, Note = "crew on site" }, As(JwtGatewayFixture.Token("Ana Pérez", Roles.Admin)));

        Assert.Equal(DisruptionState.Acknowledged, acknowledged.Disruption.State);
        Assert.Equal("Ana Pérez", acknowledged.Disruption.History.Last().Actor);
    }

    [Fact]
    public async Task Api_keys_still_work_beside_tokens()
    {
        var overview = await gateway.Monitoring.GetOverviewAsync(new GetOverviewRequest(), GatewayFixture.Bearer(ProductionGatewayFixture.AdminKeyValue));

        Assert.Equal(3U, overview.NodeCount);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Http.GetAsync("/api/v1/overview")).StatusCode);
    }

    [Fact]
    public async Task With_Metrics_RequireKey_metrics_are_served_only_to_a_caller_that_may_read()
    {
        using var anonymous = await gateway.Http.GetAsync("/metrics");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", JwtGatewayFixture.Token("Prometheus", Roles.Viewer));
        using var scraper = await gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scraper.StatusCode);
        Assert.Contains("monitoring_", await scraper.Content.ReadAsStringAsync());
    }
}
