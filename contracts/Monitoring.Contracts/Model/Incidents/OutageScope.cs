namespace Monitoring.Contracts;

/// <summary>
/// What an incident takes down, for its commodities to assess: root nodes that are down (a critical root) or
/// impaired (a warning root: the shortfall against normal output counts), lanes closed at their own cause, and
/// for how many more days (null: the root nodes' recovery days).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.OutageScope")]
public sealed record OutageScope(IReadOnlyList<string> DownNodeIds, IReadOnlyList<string> ImpairedNodeIds, IReadOnlyList<string> DownLaneIds, double? Days);
