using System.Globalization;
using Monitoring.Domain.Topology;

namespace Monitoring.Domain.Indicators;

/// <summary>
/// What makes a candidate project well formed against a topology, whether it comes from the topology
/// file's <c>candidates:</c> section or from a RankProjects request. Problems carry the field path
/// (<c>candidates[2].capacity_tpd</c>) so both the YAML loader and the API can point at them.
/// </summary>
public static class CandidateRules
{
    public const int MaxCandidates = 200;

    /// <summary>
    /// Fills what an expansion or a new lane takes from the topology when left empty: an expansion's
    /// stage, country and operator are its node's; a new lane's stage is its origin's.
    /// </summary>
    public static CandidateProject Complete(CandidateProject candidate, TopologySpec topology)
    {
        var nodes = topology.Nodes;
        switch (candidate.Kind)
        {
            case ProjectKind.Expansion when nodes.FirstOrDefault(n => n.Id == candidate.NodeId) is { } node:
                var role = node.Commodities.FirstOrDefault(c => c.Commodity == candidate.Commodity);
                return candidate with
                {
                    Stage = Enum.IsDefined(candidate.Stage) ? candidate.Stage : role?.Stage ?? candidate.Stage,
                    Country = string.IsNullOrEmpty(candidate.Country) ? node.Country : candidate.Country,
                    Operator = string.IsNullOrEmpty(candidate.Operator) ? node.Operator : candidate.Operator,
                };
            case ProjectKind.NewLane when nodes.FirstOrDefault(n => n.Id == candidate.FromNodeId) is { } from && !Enum.IsDefined(candidate.Stage):
                return candidate with { Stage = from.Commodities.FirstOrDefault(c => c.Commodity == candidate.Commodity)?.Stage ?? candidate.Stage };
            default:
                return candidate;
        }
    }

    public static IReadOnlyList<TopologyIssue> Validate(IReadOnlyList<CandidateProject> candidates, TopologySpec topology)
    {
        // Too many is refused before any of them is looked at: the work and the error stay small whatever was sent.
        if (candidates.Count > MaxCandidates) return [new TopologyIssue("candidates", $"at most {MaxCandidates} candidates at a time (got {candidates.Count})")];
        var issues = new List<TopologyIssue>();
        var commodities = topology.Commodities.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var nodes = topology.Nodes.GroupBy(n => n.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var subjectIds = nodes.Keys.Concat(topology.Lanes.Select(l => l.Id)).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var path = $"candidates[{i}]";
            void Issue(string field, string message) => issues.Add(new TopologyIssue($"{path}.{field}", message));

            if (!Identifiers.IsValid(c.Id)) Issue("id", $"'{c.Id}' is not a valid id (pattern {Identifiers.Pattern})");
            else if (!seen.Add(c.Id)) Issue("id", $"duplicate candidate id '{c.Id}'");
            else if (subjectIds.Contains(c.Id)) Issue("id", $"'{c.Id}' is already a node or lane of the topology; a candidate needs its own id");
            if (string.IsNullOrWhiteSpace(c.Name)) Issue("name", "name is required");
            else if (c.Name.Length > TopologyValidator.MaxNameLength) Issue("name", $"name is longer than {TopologyValidator.MaxNameLength} characters");
            if (!Enum.IsDefined(c.Kind)) Issue("kind", "kind is required (new_node, expansion, new_lane)");
            if (!commodities.Contains(c.Commodity)) Issue("commodity", $"unknown commodity '{c.Commodity}' (known: {string.Join(", ", commodities.Order(StringComparer.Ordinal))})");
            if (!Enum.IsDefined(c.Stage) || c.Stage == Stage.Consumption)
                Issue("stage", "stage is required: extraction, processing, manufacturing, recycling or logistics");
            if (c.Kind == ProjectKind.NewNode && !CountryCodes.IsAssigned(c.Country))
                Issue("country", $"'{c.Country}' is not an ISO 3166-1 alpha-2 country code (upper case, for example CL or US)");
            if (!double.IsFinite(c.CapacityTonnesPerDay) || c.CapacityTonnesPerDay <= 0) Issue("capacity_tpd", Invariant($"capacity must be a number > 0 t/d (got {c.CapacityTonnesPerDay})"));
            if (!double.IsFinite(c.CostMillionUsd) || c.CostMillionUsd < 0) Issue("cost_musd", Invariant($"cost must be a number >= 0 million USD (got {c.CostMillionUsd})"));
            if (!double.IsFinite(c.YearsToCommission) || c.YearsToCommission is < 0 or > 100) Issue("years_to_commission", Invariant($"years to commission must be in 0..100 (got {c.YearsToCommission})"));
            if (!double.IsFinite(c.InventoryCapacityTonnes) || c.InventoryCapacityTonnes < 0) Issue("inventory_capacity_t", Invariant($"inventory capacity must be a number >= 0 (got {c.InventoryCapacityTonnes})"));

            bool Carries(string? nodeId, string field, bool required)
            {
                if (string.IsNullOrEmpty(nodeId))
                {
                    if (required) Issue(field, $"{field} is required when kind is {Snake(c.Kind)}");
                    return false;
                }
                if (!nodes.TryGetValue(nodeId, out var node)) { Issue(field, $"unknown node '{nodeId}'"); return false; }
                // An unknown commodity is reported on its own field; the node cannot be checked against it.
                if (!commodities.Contains(c.Commodity)) return false;
                if (node.Commodities.All(x => x.Commodity != c.Commodity)) { Issue(field, $"node '{nodeId}' does not carry '{c.Commodity}'"); return false; }
                return true;
            }

            switch (c.Kind)
            {
                case ProjectKind.Expansion:
                    if (Carries(c.NodeId, "node_id", required: true)
                        && nodes[c.NodeId!].Commodities.FirstOrDefault(x => x.Commodity == c.Commodity) is { } role && Enum.IsDefined(c.Stage) && role.Stage != c.Stage)
                        Issue("stage", $"node '{c.NodeId}' is at the {role.Stage.ToString().ToLowerInvariant()} stage of '{c.Commodity}', not {c.Stage.ToString().ToLowerInvariant()}");
                    if (!string.IsNullOrEmpty(c.FromNodeId) || !string.IsNullOrEmpty(c.ToNodeId)) Issue("from_node_id", "an expansion uses the node's lanes: leave from and to empty");
                    break;
                case ProjectKind.NewLane:
                    var hasFrom = Carries(c.FromNodeId, "from_node_id", required: true);
                    var hasTo = Carries(c.ToNodeId, "to_node_id", required: true);
                    if (hasFrom && hasTo && c.FromNodeId == c.ToNodeId) Issue("to_node_id", "a lane cannot start and end at the same node");
                    if (!string.IsNullOrEmpty(c.NodeId)) Issue("node_id", "a new lane names its ends with from and to, not node");
                    break;
                case ProjectKind.NewNode:
                    Carries(c.FromNodeId, "from_node_id", required: false);
                    Carries(c.ToNodeId, "to_node_id", required: false);
                    if (!string.IsNullOrEmpty(c.NodeId)) Issue("node_id", "a new node is not an expansion: leave node empty (use from and to to connect it)");
                    break;
            }
        }
        return issues;
    }

    private static string Snake(ProjectKind kind) => kind switch
    {
        ProjectKind.Expansion => "expansion",
        ProjectKind.NewLane => "new_lane",
        _ => "new_node",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
