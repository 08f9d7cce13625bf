using Monitoring.Gateway.Security;

namespace Monitoring.Tests.Unit;

public sealed class AuthOptionsTests
{
    private static ApiKeyOptions Key(string key, string role = Roles.Admin, bool demo = false) => new() { Role = role, Sha256 = Roles.Hash(key), Demo = demo };

    [Fact]
    public void Published_demo_keys_are_refused_outside_development()
    {
        var options = new AuthOptions { Keys = { ["demo-admin"] = Key("demo-admin-key", demo: true) } };

        Assert.Empty(options.Problems(demoAllowed: true));
        Assert.Contains(options.Problems(demoAllowed: false), p => p.Contains("Auth:Keys:demo-admin is a published demo key", StringComparison.Ordinal));
    }

    [Fact]
    public void Jwt_settings_need_an_audience_and_one_source_of_keys_and_never_a_private_key()
    {
        var privatePem = Path.GetTempFileName();
        File.WriteAllText(privatePem, System.Security.Cryptography.ECDsa.Create().ExportPkcs8PrivateKeyPem());
        try
        {
            string[] Problems(JwtOptions jwt) => [.. new AuthOptions { Jwt = jwt }.Problems(demoAllowed: false)];

            Assert.Empty(Problems(new JwtOptions()));
            Assert.Empty(Problems(new JwtOptions { Authority = "https://login.example.gov/realms/ops", Audience = "monitoring" }));
            Assert.Contains("Auth:Jwt:Audience is required: the client id tokens for this platform name", Problems(new JwtOptions { Authority = "https://login.example.gov" }));
            Assert.Contains("Auth:Jwt:Authority: set Authority (discovery), or both Issuer and PublicKeyPath (air-gapped)", Problems(new JwtOptions { Issuer = "https://login", Audience = "monitoring" }));
            Assert.Contains(Problems(new JwtOptions { Issuer = "https://login", Audience = "monitoring", PublicKeyPath = privatePem }),
                p => p.Contains("holds a private key", StringComparison.Ordinal));
            Assert.Contains(Problems(new JwtOptions { Issuer = "https://login", Audience = "monitoring", PublicKeyPath = "/no/such/key.pem" }),
                p => p.StartsWith("Auth:Jwt:PublicKeyPath '/no/such/key.pem'", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(privatePem);
        }
    }

    [Fact]
    public void A_provider_may_be_known_by_its_certificate_alone_and_only_providers_by_certificates()
    {
        var fingerprint = string.Join(':', Enumerable.Repeat("AB", 32));
        string[] Problems(ApiKeyOptions key) => [.. new AuthOptions { Keys = { ["k"] = key } }.Problems(demoAllowed: false)];

        Assert.Empty(Problems(new ApiKeyOptions { Role = Roles.Provider, Owner = "bhp", CertificateSha256 = fingerprint }));
        Assert.Contains("Auth:Keys:k:CertificateSha256 is for providers only", Problems(new ApiKeyOptions { Role = Roles.Admin, CertificateSha256 = fingerprint }));
        Assert.Contains(Problems(new ApiKeyOptions { Role = Roles.Provider, Owner = "bhp", CertificateSha256 = "abc" }), p => p.StartsWith("Auth:Keys:k:CertificateSha256 must be", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_roles_hashes_duplicates_and_reserved_names_are_named()
    {
        var options = new AuthOptions
        {
            AnonymousRole = Roles.Admin,
            Keys =
            {
                ["ops"] = Key("k1"),
                ["ops-copy"] = Key("k1"),
                ["anonymous"] = Key("k2", Roles.Viewer),
                ["typo"] = new ApiKeyOptions { Role = "superuser", Sha256 = "abc" },
            },
        };

        var problems = options.Problems(demoAllowed: false).ToList();

        Assert.Contains(problems, p => p.StartsWith("Auth:AnonymousRole may only be empty or 'viewer'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Auth:Keys:ops-copy has the same key as ops", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'anonymous' is reserved", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Auth:Keys:typo:Role must be one of", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Auth:Keys:typo:Sha256 must be the 64 hex digits", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_is_configured_by_the_hex_sha256_of_its_utf8_bytes() =>
        Assert.Equal("ac5bb3526d3be432ba19fb1fc0712d350c160bd2169cd24401c9fcaeaac2d860", Roles.Hash("demo-admin-key"));

    [Theory]
    [InlineData("codelco", "codelco", true)]
    [InlineData("codelco", "codelco-chuquicamata", true)]
    [InlineData("codelco", "codelco.el-teniente", true)]
    [InlineData("codelco", "codelcox", false)]
    [InlineData("codelco", "bhp-escondida", false)]
    public void A_provider_without_a_feed_list_publishes_to_feeds_named_after_it(string owner, string feed, bool allowed) =>
        Assert.Equal(allowed, new ApiKeyOptions { Role = Roles.Provider, Owner = owner }.MayPublish(feed));

    [Theory]
    [InlineData("codelco-norte", false)]
    [InlineData("codelco-norte-2", false)]
    [InlineData("codelco-sur", true)]
    [InlineData("codelco", true)]
    public void A_feed_named_after_a_longer_owner_belongs_to_that_provider(string feed, bool allowed)
    {
        var codelco = new ApiKeyOptions { Role = Roles.Provider, Owner = "codelco" };

        Assert.Equal(allowed, codelco.MayPublish(feed, ["codelco", "codelco-norte", "bhp"]));
        Assert.True(new ApiKeyOptions { Role = Roles.Provider, Owner = "codelco-norte" }.MayPublish("codelco-norte-2", ["codelco", "codelco-norte"]));
    }

    [Fact]
    public void A_feed_list_names_feeds_or_prefixes_and_only_providers_and_admins_publish()
    {
        var provider = new ApiKeyOptions { Role = Roles.Provider, Owner = "port-authority", Feeds = ["harbour-*", "antofagasta"] };

        Assert.True(provider.MayPublish("harbour-berth-3"));
        Assert.True(provider.MayPublish("antofagasta"));
        Assert.False(provider.MayPublish("antofagasta-2"));
        Assert.False(provider.MayPublish("port-authority"));
        Assert.True(new ApiKeyOptions { Role = Roles.Admin }.MayPublish("anything"));
        Assert.False(new ApiKeyOptions { Role = Roles.Viewer, Owner = "x" }.MayPublish("x"));
    }

    [Fact]
    public void A_provider_key_needs_an_owner_and_valid_feeds()
    {
        var options = new AuthOptions { Keys = { ["p"] = new ApiKeyOptions { Role = Roles.Provider, Sha256 = Roles.Hash("k"), Feeds = ["Bad Feed*"] } } };

        var problems = options.Problems(demoAllowed: false).ToList();

        Assert.Contains(problems, p => p.StartsWith("Auth:Keys:p:Owner", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'Bad Feed*' is not a feed id", StringComparison.Ordinal));
    }

    [Fact]
    public void An_admin_session_ends_eight_hours_after_sign_in_or_when_its_key_is_replaced_however_much_it_is_used()
    {
        var auth = new AuthOptions { Keys = { ["ops"] = new ApiKeyOptions { Role = Roles.Admin, Sha256 = Roles.Hash("first-key") } } };
        var signIn = new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "ops")], "test"));
        var session = AdminSession.Principal(user, auth, signIn);

        Assert.True(AdminSession.StillValid(session, auth, signIn.AddHours(7.9)));
        Assert.False(AdminSession.StillValid(session, auth, signIn.AddHours(8)));

        var replaced = new AuthOptions { Keys = { ["ops"] = new ApiKeyOptions { Role = Roles.Admin, Sha256 = Roles.Hash("second-key") } } };
        Assert.False(AdminSession.StillValid(session, replaced, signIn.AddMinutes(1)));
        var demoted = new AuthOptions { Keys = { ["ops"] = new ApiKeyOptions { Role = Roles.Viewer, Sha256 = Roles.Hash("first-key") } } };
        Assert.False(AdminSession.StillValid(session, demoted, signIn.AddMinutes(1)));
    }
}
