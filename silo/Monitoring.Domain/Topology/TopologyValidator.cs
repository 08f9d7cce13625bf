using System.Text.RegularExpressions;
using Monitoring.Domain.Detection;
using Monitoring.Domain.Indicators;

namespace Monitoring.Domain.Topology;

/// <summary>
/// Checks a topology as a whole: ids, references between nodes and lanes, countries, ranges.
/// Reports every problem with the path of the field (as the YAML format names it).
/// </summary>
public static partial class TopologyValidator
{
    public const int MaxNameLength = 200;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommodityCodeRegex();

    /// <summary>Counts against <paramref name="limits"/>, checked before anything else so an oversized topology costs little.</summary>
    public static IReadOnlyList<TopologyIssue> CheckSize(TopologySpec topology, TopologyLimits limits)
    {
        var issues = new List<TopologyIssue>();
        if (topology.Nodes.Count > limits.MaxNodes) issues.Add(new("nodes", $"{topology.Nodes.Count:N0} nodes; at most {limits.MaxNodes:N0} ({TopologyLimits.Section}:MaxNodes)"));
        if (topology.Lanes.Count > limits.MaxLanes) issues.Add(new("lanes", $"{topology.Lanes.Count:N0} lanes; at most {limits.MaxLanes:N0} ({TopologyLimits.Section}:MaxLanes)"));
        if (topology.Commodities.Count > limits.MaxCommodities)
            issues.Add(new("commodities", $"{topology.Commodities.Count:N0} commodities; at most {limits.MaxCommodities:N0} ({TopologyLimits.Section}:MaxCommodities)"));
        return issues;
    }

    /// <param name="detection">
    /// The detection settings in force: with them, a node's or lane's thresholds are checked as they
    /// will combine with the configured ones (band order included); without them (where the settings
    /// are not known, such as a gateway that is only a client) keys and ranges are checked.
    /// </param>
    public static IReadOnlyList<TopologyIssue> Validate(TopologySpec topology, DetectionOptions? detection = null)
    {
        var issues = new List<TopologyIssue>();
        void Issue(string path, string message) => issues.Add(new TopologyIssue(path, message));

        if (topology.Commodities.Count == 0) Issue("commodities", "at least one commodity is required");
        var commodities = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < topology.Commodities.Count; i++)
        {
            var c = topology.Commodities[i];
            var path = $"commodities[{i}]";
            if (!CommodityCodeRegex().IsMatch(c.Code)) Issue($"{path}.code", $"'{c.Code}' is not a commodity code (lower-case letters, digits and '-', at most 32)");
            else if (!commodities.Add(c.Code)) Issue($"{path}.code", $"duplicate commodity '{c.Code}'");
            CheckName(c.Name, $"{path}.name", Issue);
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        bool NewId(string id, string path)
        {
            if (!Identifiers.IsValid(id)) { Issue($"{path}.id", $"'{id}' is not a valid id (pattern {Identifiers.Pattern})"); return false; }
            if (ids.TryGetValue(id, out var first)) { Issue($"{path}.id", $"duplicate id '{id}' (first used at {first})"); return false; }
            ids[id] = path;
            return true;
        }

        if (topology.Nodes.Count == 0) Issue("nodes", "at least one node is required");
        var nodes = new Dictionary<string, NodeSpec>(StringComparer.Ordinal);
        for (var i = 0; i < topology.Nodes.Count; i++)
        {
            var n = topology.Nodes[i];
            var path = $"nodes[{i}]";
            if (NewId(n.Id, path)) nodes[n.Id] = n;
            CheckName(n.Name, $"{path}.name", Issue);
            if (!Enum.IsDefined(n.Kind)) Issue($"{path}.kind", "kind is required (mine, brine, concentrator, smelter, refinery, port, warehouse, plant, recycler, consumer)");
            if (!CountryCodes.IsAssigned(n.Country)) Issue($"{path}.country", $"'{n.Country}' is not an ISO 3166-1 alpha-2 country code (upper case, for example CL or US)");
            if (!double.IsFinite(n.Latitude) || n.Latitude is < -90 or > 90) Issue($"{path}.lat", Invariant($"latitude {n.Latitude} is outside -90..90"));
            if (!double.IsFinite(n.Longitude) || n.Longitude is < -180 or > 180) Issue($"{path}.lon", Invariant($"longitude {n.Longitude} is outside -180..180"));
            if (!Identifiers.IsValid(n.Owner)) Issue($"{path}.owner", $"owner '{n.Owner}' is not a valid provider id (pattern {Identifiers.Pattern})");
            NonNegative(n.InventoryCapacityTonnes, $"{path}.inventory_capacity_t", "inventory capacity", Issue);
            NonNegative(n.RecoveryDays, $"{path}.recovery_days", "recovery days", Issue);
            if (n.ReportIntervalSeconds is < 1 or > 86_400) Issue($"{path}.report_interval_s", $"report interval {n.ReportIntervalSeconds} s is outside 1..86400");
            if (!double.IsFinite(n.ExpectedUtilization) || n.ExpectedUtilization is <= 0 or > 1) Issue($"{path}.expected_utilization", Invariant($"expected utilization {n.ExpectedUtilization} is outside (0, 1]"));
            if (n.Commodities.Count == 0) Issue($"{path}.commodities", "a node carries at least one commodity");
            foreach (var (key, message) in ValidateThresholds(n.Thresholds, detection, n.Kind.ToString().ToLowerInvariant())) Issue($"{path}.thresholds.{key}", message);
            var control = n.Control ?? [];
            for (var j = 0; j < control.Count; j++)
            {
                if (!CountryCodes.IsAssigned(control[j].Country)) Issue($"{path}.control[{j}].country", $"'{control[j].Country}' is not an ISO 3166-1 alpha-2 country code");
                if (!double.IsFinite(control[j].Share) || control[j].Share is <= 0 or > 1) Issue($"{path}.control[{j}].share", Invariant($"share {control[j].Share} is outside (0, 1]"));
            }
            if (control.Any(c => c.Country == n.Country)) Issue($"{path}.control", $"list only owners from other countries: what they leave is {n.Country}'s");
            if (control.Sum(c => c.Share) > 1 + 1e-9) Issue($"{path}.control", Invariant($"control shares add up to {control.Sum(c => c.Share)}, more than 1"));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < n.Commodities.Count; j++)
            {
                var nc = n.Commodities[j];
                var cpath = $"{path}.commodities[{j}]";
                if (!commodities.Contains(nc.Commodity)) Issue($"{cpath}.commodity", $"unknown commodity '{nc.Commodity}'");
                else if (!seen.Add(nc.Commodity)) Issue($"{cpath}.commodity", $"commodity '{nc.Commodity}' listed twice for this node");
                if (!Enum.IsDefined(nc.Stage)) Issue($"{cpath}.stage", "stage is required (extraction, processing, manufacturing, recycling, logistics, consumption)");
                NonNegative(nc.CapacityTonnesPerDay, $"{cpath}.capacity_tpd", "capacity", Issue);
                NonNegative(nc.DemandTonnesPerDay, $"{cpath}.demand_tpd", "demand", Issue);
                NonNegative(nc.ByproductRatio, $"{cpath}.ratio", "by-product ratio", Issue);
                if (nc.ByproductOf is null && nc.ByproductRatio > 0) Issue($"{cpath}.ratio", "a ratio needs byproduct_of (the commodity it is a by-product of)");
                if (nc.ByproductOf is not null && j == 0) Issue($"{cpath}.byproduct_of", "a node's first commodity is its primary one: list the by-product after it");
                if (nc.ByproductOf is { } primary)
                {
                    var main = n.Commodities.FirstOrDefault(c => c.Commodity == primary);
                    if (main is null || primary == nc.Commodity) Issue($"{cpath}.byproduct_of", $"'{primary}' is not another commodity of this node");
                    else if (main.ByproductOf is not null) Issue($"{cpath}.byproduct_of", $"'{primary}' is itself a by-product here: name the primary commodity");
                    else if (nc.ByproductRatio == 0 && main.CapacityTonnesPerDay == 0) Issue($"{cpath}.ratio", $"give a ratio: '{primary}' has no capacity to scale by");
                }
            }
        }

        for (var i = 0; i < topology.Lanes.Count; i++)
        {
            var l = topology.Lanes[i];
            var path = $"lanes[{i}]";
            NewId(l.Id, path);
            if (l.Name.Length > MaxNameLength) Issue($"{path}.name", $"name is longer than {MaxNameLength} characters");
            nodes.TryGetValue(l.FromNodeId, out var from);
            nodes.TryGetValue(l.ToNodeId, out var to);
            if (from is null) Issue($"{path}.from", $"unknown node '{l.FromNodeId}'");
            if (to is null) Issue($"{path}.to", $"unknown node '{l.ToNodeId}'");
            if (l.FromNodeId == l.ToNodeId) Issue($"{path}.to", "a lane cannot start and end at the same node");
            if (!commodities.Contains(l.Commodity)) Issue($"{path}.commodity", $"unknown commodity '{l.Commodity}'");
            else
            {
                if (from is not null && from.Commodities.All(c => c.Commodity != l.Commodity)) Issue($"{path}.commodity", $"node '{from.Id}' does not carry '{l.Commodity}'");
                if (to is not null && to.Commodities.All(c => c.Commodity != l.Commodity)) Issue($"{path}.commodity", $"node '{to.Id}' does not carry '{l.Commodity}'");
            }
            if (!Enum.IsDefined(l.Mode)) Issue($"{path}.mode", "mode is required (sea, rail, road, pipeline, air)");
            if (l.BaselineTransit <= TimeSpan.Zero) Issue($"{path}.baseline_transit_h", "baseline transit must be more than 0 hours");
            NonNegative(l.CapacityTonnesPerDay, $"{path}.capacity_tpd", "capacity", Issue);
            if (!Identifiers.IsValid(l.Owner)) Issue($"{path}.owner", $"owner '{l.Owner}' is not a valid provider id (pattern {Identifiers.Pattern})");
            foreach (var (key, message) in ValidateThresholds(l.Thresholds, detection, "lane")) Issue($"{path}.thresholds.{key}", message);
        }
        issues.AddRange(CandidateRules.Validate(topology.Candidates ?? [], topology));
        return issues;
    }

    private static IReadOnlyList<(string Key, string Message)> ValidateThresholds(IReadOnlyDictionary<string, double>? own, DetectionOptions? detection, string kind) =>
        detection is null
            ? RuleThresholds.Validate(own, checkBands: false)
            : RuleThresholds.Validate(own, RuleThresholds.Resolve(detection, kind, null));

    private static void CheckName(string name, string path, Action<string, string> issue)
    {
        if (string.IsNullOrWhiteSpace(name)) issue(path, "name is required");
        else if (name.Length > MaxNameLength) issue(path, $"name is longer than {MaxNameLength} characters");
    }

    private static void NonNegative(double value, string path, string what, Action<string, string> issue)
    {
        if (!double.IsFinite(value) || value < 0) issue(path, Invariant($"{what} must be a finite number >= 0 (got {value})"));
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
