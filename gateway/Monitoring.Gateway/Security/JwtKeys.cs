using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.Gateway.Security;

/// <summary>The identity provider's signing key from a PEM file: an RSA or EC public key, or a certificate.</summary>
public static class JwtKeys
{
    public static SecurityKey Load(string path)
    {
        var pem = File.ReadAllText(path);
        if (pem.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal)) return new X509SecurityKey(X509Certificate2.CreateFromPem(pem));
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
            throw new ArgumentException("holds a private key; give the gateway only the identity provider's public key or certificate");
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
    }
}
