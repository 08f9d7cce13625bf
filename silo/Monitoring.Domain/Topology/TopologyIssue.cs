namespace Monitoring.Domain.Topology;

/// <summary>One problem in a topology: where (field path, and file position when parsed from YAML) and what.</summary>
public sealed record TopologyIssue(string Path, string Message, int? Line = null, int? Column = null)
{
    /// <summary>"chile-us.yaml:57:9: lanes[3].to: unknown node 'x'" (position only when known).</summary>
    public string Format(string? sourceName = null)
    {
        var where = Line is { } line ? $"{sourceName ?? "topology"}:{line}:{Column ?? 1}: " : sourceName is null ? "" : $"{sourceName}: ";
        var path = Path.Length == 0 ? "" : $"{Path}: ";
        return where + path + Message;
    }
}
