using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Monitoring.Hosting;

/// <summary>
/// Mutual TLS between silos, and between silos and their clients (the gateways), from PEM files ("Orleans:Tls"): every
/// process presents its certificate and accepts only peers whose certificate the cluster's own CA signed, so a process
/// that can reach the silo ports cannot join or call grains without one (docs/security.md).
/// </summary>
public sealed class ClusterTls
{
    /// <summary>The process's certificate (PEM), signed by the cluster CA.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>Its private key (PEM).</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>The cluster CA's certificate (PEM): the only issuer whose certificates a peer may present.</summary>
    public string CaPath { get; set; } = "";

    public bool Enabled => CertificatePath.Length > 0 || KeyPath.Length > 0 || CaPath.Length > 0;

    public IEnumerable<string> Problems(string section)
    {
        if (!Enabled) yield break;
        foreach (var (name, path) in new[] { ("CertificatePath", CertificatePath), ("KeyPath", KeyPath), ("CaPath", CaPath) })
        {
            if (path.Length == 0) yield return $"{section}:Tls:{name} is required with the others (the certificate, its key and the cluster CA)";
            else if (!File.Exists(path)) yield return $"{section}:Tls:{name} '{path}' does not exist";
        }
    }

    public void Configure(TlsOptions options)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(CaPath));
        options.LocalCertificate = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, _) => SignedBy(certificate, ca);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to <paramref name="ca"/> alone (names are not checked: peers connect by address).</summary>
    public static bool SignedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
