namespace Monitoring.Domain.Indicators;

/// <summary>A named set of partner countries (ISO 3166-1 alpha-2) and where it comes from.</summary>
public sealed record PartnerSet(string Name, string Title, string Source, IReadOnlyList<string> Countries);
