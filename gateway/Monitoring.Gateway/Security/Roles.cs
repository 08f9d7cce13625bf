using System.Security.Cryptography;
using System.Text;

namespace Monitoring.Gateway.Security;

/// <summary>The roles of docs/security.md.</summary>
public static class Roles
{
    public const string Provider = "provider";
    public const string Viewer = "viewer";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Provider, Viewer, Admin };

    /// <summary>Hex SHA-256 of a key, as configured.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
