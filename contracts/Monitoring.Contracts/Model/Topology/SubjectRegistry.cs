namespace Monitoring.Contracts;

/// <summary>Every subject id and whether it is a node or a lane: what the gateway routes by.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.SubjectRegistry")]
public sealed record SubjectRegistry(long Version, IReadOnlyDictionary<string, SubjectType> Subjects, IReadOnlyList<string> Commodities, IReadOnlyDictionary<string, string>? Owners = null)
{
    public static readonly SubjectRegistry Empty = new(0, new Dictionary<string, SubjectType>(), []);

    /// <summary>The registry of a topology (none: empty), at <paramref name="version"/>.</summary>
    public static SubjectRegistry For(TopologySpec? topology, long version)
    {
        var subjects = new Dictionary<string, SubjectType>(StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        if (topology is not null)
        {
            foreach (var node in topology.Nodes)
            {
                subjects[node.Id] = SubjectType.Node;
                owners[node.Id] = node.Owner;
            }
            foreach (var lane in topology.Lanes)
            {
                subjects[lane.Id] = SubjectType.Lane;
                owners[lane.Id] = lane.Owner;
            }
        }
        return new SubjectRegistry(version, subjects, topology?.Commodities.Select(c => c.Code).ToList() ?? [], owners);
    }

    public SubjectType? TypeOf(string id) => Subjects.TryGetValue(id, out var type) ? type : null;

    /// <summary>The provider that owns a subject (its topology <c>owner</c>), who alone may report on it.</summary>
    public string? OwnerOf(string id) => Owners is not null && Owners.TryGetValue(id, out var owner) ? owner : null;
}
