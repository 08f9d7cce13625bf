namespace Monitoring.Domain.Topology;

/// <summary>
/// How big a topology document may be before anything is built from it (configuration section <c>Topology:Limits</c>;
/// docs/security.md). A YAML document is scanned event by event first, so a deeply nested or alias-laden document is
/// refused without the recursion and the tree walk that would otherwise exhaust the stack or the CPU.
/// </summary>
public sealed class TopologyLimits : IValidatedOptions
{
    public const string Section = "Topology:Limits";

    public static string SectionName => Section;

    /// <summary>Deepest nesting of mappings and sequences (the format itself needs 5).</summary>
    public int MaxDepth { get; set; } = 32;

    /// <summary>Most scalars (keys and values) in one document: the demo scenario has about 12,000.</summary>
    public int MaxScalars { get; set; } = 5_000_000;

    public int MaxNodes { get; set; } = 200_000;

    public int MaxLanes { get; set; } = 500_000;

    public int MaxCommodities { get; set; } = 100;

    /// <summary>Longest text of any one value (descriptions, operators, names are limited further by the validator).</summary>
    public int MaxTextLength { get; set; } = 4_000;

    public static TopologyLimits Default { get; } = new();

    public IEnumerable<string> Problems()
    {
        if (MaxDepth < 5) yield return $"{Section}:MaxDepth must be at least 5 (got {MaxDepth})";
        if (MaxScalars < 100) yield return $"{Section}:MaxScalars must be at least 100 (got {MaxScalars})";
        if (MaxNodes < 1) yield return $"{Section}:MaxNodes must be positive (got {MaxNodes})";
        if (MaxLanes < 0) yield return $"{Section}:MaxLanes must not be negative (got {MaxLanes})";
        if (MaxCommodities < 1) yield return $"{Section}:MaxCommodities must be positive (got {MaxCommodities})";
        if (MaxTextLength < 200) yield return $"{Section}:MaxTextLength must be at least 200 (got {MaxTextLength})";
    }
}
