namespace Monitoring.Domain.Topology;

/// <summary>Outcome of reading a topology: the spec when there were no problems, else every problem found.</summary>
public sealed record TopologyLoadResult(TopologySpec? Topology, IReadOnlyList<TopologyIssue> Issues, string? SourceName)
{
    public bool Succeeded => Topology is not null && Issues.Count == 0;

    public IReadOnlyList<string> FormattedIssues => Issues.Select(i => i.Format(SourceName)).ToList();
}
