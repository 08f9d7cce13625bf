using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Monitoring.Tests.Cluster;

/// <summary>
/// A cluster CA and a certificate it signed, as PEM files named as the deployments name them (member.crt, member.key,
/// cluster-ca.crt: a directory for deploy/local/cluster.sh --cluster-tls or deploy/redis/redis-ha.sh), plus a stranger's
/// certificate from another CA.
/// </summary>
public sealed class ClusterPki
{
    /// <summary>The name the member certificate carries.</summary>
    public const string MemberName = "monitoring-cluster-member";

    private ClusterPki(string directory)
    {
        Directory = directory;
        var ca = Authority("Monitoring cluster CA");
        Member = Issue(ca, MemberName);
        Stranger = Issue(Authority("Someone else's CA"), "stranger");
        CaPath = Write(directory, "cluster-ca.crt", ca.ExportCertificatePem());
        CertificatePath = Write(directory, "member.crt", Member.ExportCertificatePem());
        KeyPath = Write(directory, "member.key", Member.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Where the PEM files are.</summary>
    public string Directory { get; }

    public X509Certificate2 Member { get; }

    public X509Certificate2 Stranger { get; }

    public string CaPath { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    /// <summary>The settings a silo or gateway of the cluster gets.</summary>
    public IEnumerable<string> Arguments => [$"--Orleans:Tls:CertificatePath={CertificatePath}", $"--Orleans:Tls:KeyPath={KeyPath}", $"--Orleans:Tls:CaPath={CaPath}"];

    public static ClusterPki Create(string directory) => new(directory);

    /// <summary>
    /// Whether a TLS client presenting <paramref name="certificate"/> (or none) gets a working connection to a port: a
    /// refused peer sees the connection closed or reset once the handshake is over; an accepted one sees it stay open.
    /// </summary>
    public static async Task<bool> ConnectionSurvivesAsync(int port, X509Certificate2? certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = MemberName,
                ClientCertificates = certificate is null ? null : [certificate],
            }, deadline.Token);
            // A silo says nothing first: a read that ends (0 bytes or an error) before the deadline is a refusal.
            return await tls.ReadAsync(new byte[1], deadline.Token) switch { 0 => false, _ => true };
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            return false;
        }
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        using var signed = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(8));
        return signed.CopyWithPrivateKey(key);
    }

    private static string Write(string directory, string name, string pem)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
