namespace Monitoring.Gateway;

/// <summary>Kestrel endpoint URLs as a local client reaches them ("http://+:8081" → "http://localhost:8081").</summary>
public static class EndpointUrls
{
    private static readonly string[] Wildcards = ["://+:", "://*:", "://0.0.0.0:", "://[::]:"];

    public static string ToLocal(string url)
    {
        foreach (var wildcard in Wildcards) url = url.Replace(wildcard, "://localhost:", StringComparison.Ordinal);
        return url;
    }
}
