using System.Globalization;
using Monitoring.Domain.Indicators;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Monitoring.Domain.Topology;

/// <summary>
/// Reads the topology YAML format (see deploy/scenarios/chile-us.yaml): parses, validates and
/// reports every problem with file, line, column and field.
/// </summary>
public static class TopologyYaml
{
    public static TopologyLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TopologyLoadResult(null, [new TopologyIssue("", $"cannot read topology file: {e.Message}")], path);
        }
        return Load(text, Path.GetFileName(path));
    }

    /// <param name="limits">How big a document may be (<see cref="TopologyLimits.Default"/> when not given).</param>
    public static TopologyLoadResult Load(string text, string? sourceName = null, TopologyLimits? limits = null)
    {
        limits ??= TopologyLimits.Default;
        if (Scan(text, limits) is { } refused) return new TopologyLoadResult(null, [refused], sourceName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return new TopologyLoadResult(null, [new TopologyIssue("", $"not valid YAML: {e.InnerException?.Message ?? e.Message}", (int)e.Start.Line, (int)e.Start.Column)], sourceName);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return new TopologyLoadResult(null, [new TopologyIssue("", "a topology is one YAML document: a mapping with name, commodities, nodes and lanes", 1, 1)], sourceName);
        }

        var reader = new Reader();
        var topology = reader.ReadTopology(root);
        if (reader.Issues.Count > 0) return new TopologyLoadResult(null, reader.Issues, sourceName);
        var tooBig = TopologyValidator.CheckSize(topology, limits);
        if (tooBig.Count > 0) return new TopologyLoadResult(null, tooBig.Select(reader.Locate).ToList(), sourceName);

        var issues = TopologyValidator.Validate(topology).Select(reader.Locate).ToList();
        return new TopologyLoadResult(issues.Count == 0 ? LaneNames.Complete(topology) : null, issues, sourceName);
    }

    /// <summary>
    /// Reads the parser's events without building anything (the parser keeps no call stack per level): refuses a document
    /// nested deeper than the limit, with aliases (which a tree walk would revisit), too many scalars or a scalar too long.
    /// Syntax errors are left to the load, which reports them with their position.
    /// </summary>
    private static TopologyIssue? Scan(string text, TopologyLimits limits)
    {
        var parser = new Parser(new StringReader(text));
        int depth = 0, scalars = 0;
        TopologyIssue At(ParsingEvent e, string message) => new("", message, (int)e.Start.Line, (int)e.Start.Column);
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart when ++depth > limits.MaxDepth:
                        return At(parser.Current, $"nested deeper than {limits.MaxDepth} levels (a topology needs 5; {TopologyLimits.Section}:MaxDepth)");
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias:
                        return At(parser.Current, "aliases (*name) are not supported in topology files: write the value out");
                    case Scalar scalar when ++scalars > limits.MaxScalars:
                        return At(scalar, $"more than {limits.MaxScalars:N0} values ({TopologyLimits.Section}:MaxScalars)");
                    case Scalar scalar when scalar.Value.Length > limits.MaxTextLength:
                        return At(scalar, $"a value of {scalar.Value.Length:N0} characters; at most {limits.MaxTextLength:N0} ({TopologyLimits.Section}:MaxTextLength)");
                }
            }
        }
        catch (YamlException)
        {
            return null;
        }
        return null;
    }

    /// <summary>Walks the YAML tree, remembering where each field path is so later issues can point at it.</summary>
    private sealed class Reader
    {
        private readonly Dictionary<string, Mark> _marks = new(StringComparer.Ordinal);

        public List<TopologyIssue> Issues { get; } = [];

        public TopologyIssue Locate(TopologyIssue issue)
        {
            for (var path = issue.Path; ; path = Parent(path))
            {
                if (_marks.TryGetValue(path, out var mark)) return issue with { Line = (int)mark.Line, Column = (int)mark.Column };
                if (path.Length == 0) return issue;
            }
        }

        private static string Parent(string path)
        {
            var at = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            return at <= 0 ? "" : path[..at];
        }

        public TopologySpec ReadTopology(YamlMappingNode root)
        {
            _marks[""] = root.Start;
            var f = Fields(root, "", "name", "description", "commodities", "nodes", "lanes", "candidates");
            var topology = new TopologySpec(
                String(f, "", "name", required: false) ?? "",
                String(f, "", "description", required: false) ?? "",
                List(f, "", "commodities", ReadCommodity),
                List(f, "", "nodes", ReadNode),
                List(f, "", "lanes", ReadLane, required: false));
            var candidates = List(f, "", "candidates", ReadCandidate, required: false);
            return topology with { Candidates = candidates.Select(c => CandidateRules.Complete(c, topology)).ToList() };
        }

        private CandidateProject ReadCandidate(YamlMappingNode map, string path)
        {
            var f = Fields(map, path, "id", "name", "kind", "commodity", "stage", "country", "operator", "capacity_tpd", "cost_musd",
                "years_to_commission", "node_id", "from_node_id", "to_node_id", "inventory_capacity_t");
            return new CandidateProject(
                String(f, path, "id") ?? "",
                String(f, path, "name") ?? "",
                Enum<ProjectKind>(f, path, "kind"),
                String(f, path, "commodity") ?? "",
                f.ContainsKey("stage") ? Enum<Stage>(f, path, "stage") : default,
                String(f, path, "country", required: false) ?? "",
                String(f, path, "operator", required: false) ?? "",
                Number(f, path, "capacity_tpd") ?? 0,
                Number(f, path, "cost_musd") ?? 0,
                Number(f, path, "years_to_commission", required: false) ?? 0,
                String(f, path, "node_id", required: false),
                String(f, path, "from_node_id", required: false),
                String(f, path, "to_node_id", required: false),
                Number(f, path, "inventory_capacity_t", required: false) ?? 0);
        }

        private CommoditySpec ReadCommodity(YamlMappingNode map, string path)
        {
            var f = Fields(map, path, "code", "name", "unit");
            return new CommoditySpec(String(f, path, "code") ?? "", String(f, path, "name") ?? "", String(f, path, "unit", required: false) ?? "t");
        }

        private NodeSpec ReadNode(YamlMappingNode map, string path)
        {
            var f = Fields(map, path, "id", "name", "kind", "country", "lat", "lon", "operator", "owner", "commodities",
                "inventory_capacity_t", "recovery_days", "report_interval_s", "expected_utilization", "thresholds", "control");
            return new NodeSpec(
                String(f, path, "id") ?? "",
                String(f, path, "name") ?? "",
                Enum<NodeKind>(f, path, "kind"),
                String(f, path, "country") ?? "",
                Number(f, path, "lat") ?? 0,
                Number(f, path, "lon") ?? 0,
                String(f, path, "operator", required: false) ?? "",
                List(f, path, "commodities", ReadNodeCommodity),
                Number(f, path, "inventory_capacity_t", required: false) ?? 0,
                Number(f, path, "recovery_days", required: false) ?? TopologyDefaults.RecoveryDays,
                (int)(Number(f, path, "report_interval_s", required: false, integer: true) ?? TopologyDefaults.ReportIntervalSeconds),
                String(f, path, "owner") ?? "",
                Number(f, path, "expected_utilization", required: false) ?? TopologyDefaults.ExpectedUtilization,
                Thresholds(f, path),
                List(f, path, "control", ReadControl, required: false));
        }

        private ControlShare ReadControl(YamlMappingNode map, string path)
        {
            var f = Fields(map, path, "country", "share");
            return new ControlShare(String(f, path, "country") ?? "", Number(f, path, "share") ?? 0);
        }

        private NodeCommoditySpec ReadNodeCommodity(YamlMappingNode map, string path)
        {
            var f = Fields(map, path, "commodity", "stage", "capacity_tpd", "demand_tpd", "byproduct_of", "ratio");
            return new NodeCommoditySpec(
                String(f, path, "commodity") ?? "",
                Enum<Stage>(f, path, "stage"),
                Number(f, path, "capacity_tpd", required: false) ?? 0,
                Number(f, path, "demand_tpd", required: false) ?? 0,
                String(f, path, "byproduct_of", required: false),
                Number(f, path, "ratio", required: false) ?? 0);
        }

        private LaneSpec ReadLane(YamlMappingNode map, string path)
        {
            var f = Fields(map, path, "id", "name", "from", "to", "commodity", "mode", "baseline_transit_h", "capacity_tpd", "owner", "thresholds");
            var from = String(f, path, "from") ?? "";
            var to = String(f, path, "to") ?? "";
            var hours = Number(f, path, "baseline_transit_h") ?? 0;
            return new LaneSpec(
                String(f, path, "id") ?? "",
                String(f, path, "name", required: false) ?? "",
                from,
                to,
                String(f, path, "commodity") ?? "",
                Enum<TransportMode>(f, path, "mode"),
                double.IsFinite(hours) && Math.Abs(hours) < 1e6 ? TimeSpan.FromHours(hours) : TimeSpan.Zero,
                Number(f, path, "capacity_tpd", required: false) ?? 0,
                String(f, path, "owner") ?? "",
                Thresholds(f, path));
        }

        /// <summary>An optional mapping of detection threshold keys to numbers (checked by the validator).</summary>
        private IReadOnlyDictionary<string, double>? Thresholds(Dictionary<string, YamlNode> fields, string path)
        {
            if (!fields.TryGetValue("thresholds", out var node)) return null;
            var mapPath = Join(path, "thresholds");
            if (node is not YamlMappingNode map)
            {
                Issue(mapPath, node.Start, "expected a mapping of threshold names to numbers");
                return null;
            }
            var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (keyNode, valueNode) in map.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                var keyPath = $"{mapPath}.{key}";
                _marks[keyPath] = valueNode.Start;
                if (valueNode is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    thresholds[key] = value;
                else
                    Issue(keyPath, valueNode.Start, "expected a number");
            }
            return thresholds;
        }

        private Dictionary<string, YamlNode> Fields(YamlMappingNode map, string path, params string[] allowed)
        {
            var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in map.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                var fieldPath = Join(path, key);
                if (!allowed.Contains(key))
                {
                    Issue(fieldPath, keyNode.Start, $"unknown field '{key}' (expected one of: {string.Join(", ", allowed)})");
                    continue;
                }
                fields[key] = value;
                _marks[fieldPath] = value.Start;
            }
            _marks.TryAdd(path, map.Start);
            return fields;
        }

        private IReadOnlyList<T> List<T>(Dictionary<string, YamlNode> fields, string path, string key, Func<YamlMappingNode, string, T> read, bool required = true)
        {
            var listPath = Join(path, key);
            if (!fields.TryGetValue(key, out var node))
            {
                if (required) Missing(path, key);
                return [];
            }
            if (node is not YamlSequenceNode sequence)
            {
                Issue(listPath, node.Start, "expected a list");
                return [];
            }
            var items = new List<T>(sequence.Children.Count);
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var itemPath = $"{listPath}[{i}]";
                var child = sequence.Children[i];
                _marks[itemPath] = child.Start;
                if (child is YamlMappingNode map) items.Add(read(map, itemPath));
                else Issue(itemPath, child.Start, "expected a mapping (key: value pairs)");
            }
            return items;
        }

        private string? String(Dictionary<string, YamlNode> fields, string path, string key, bool required = true)
        {
            if (!fields.TryGetValue(key, out var node))
            {
                if (required) Missing(path, key);
                return null;
            }
            if (node is YamlScalarNode { Value: { } value }) return value;
            Issue(Join(path, key), node.Start, "expected a text value");
            return null;
        }

        private double? Number(Dictionary<string, YamlNode> fields, string path, string key, bool required = true, bool integer = false)
        {
            var text = String(fields, path, key, required);
            if (text is null) return null;
            var styles = integer ? NumberStyles.Integer : NumberStyles.Float;
            if (double.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                && (!integer || Math.Abs(value) <= int.MaxValue)) return value;
            Issue(Join(path, key), fields[key].Start, integer ? $"'{text}' is not a whole number" : $"'{text}' is not a number");
            return null;
        }

        private T Enum<T>(Dictionary<string, YamlNode> fields, string path, string key) where T : struct, Enum
        {
            var text = String(fields, path, key);
            if (text is null) return default;
            var normalized = text.Replace("-", "").Replace("_", "");
            foreach (var value in System.Enum.GetValues<T>())
            {
                if (string.Equals(value.ToString(), normalized, StringComparison.OrdinalIgnoreCase)) return value;
            }
            var expected = string.Join(", ", System.Enum.GetNames<T>().Select(Snake));
            Issue(Join(path, key), fields[key].Start, $"'{text}' is not one of: {expected}");
            return default;
        }

        private void Missing(string path, string key) =>
            Issue(Join(path, key), _marks.TryGetValue(path, out var mark) ? mark : Mark.Empty, $"missing field '{key}'");

        private void Issue(string path, Mark mark, string message) =>
            Issues.Add(new TopologyIssue(path, message, mark.Line > 0 ? (int)mark.Line : null, mark.Line > 0 ? (int)mark.Column : null));

        private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

        private static string Snake(string pascal) =>
            string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }
}
