namespace Monitoring.Gateway.Ingest;

/// <summary>What to do with a provider batch: one grain call per subject, and the observations refused here.</summary>
public sealed record IngestPlan(IReadOnlyList<SubjectWork> Work, IReadOnlyList<Contracts.ItemRejection> Rejections, IReadOnlyList<string> UnknownSubjects);
