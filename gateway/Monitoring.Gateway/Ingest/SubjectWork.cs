namespace Monitoring.Gateway.Ingest;

/// <summary>One subject's part of a batch: the argument of exactly one grain call.</summary>
public sealed record SubjectWork(string SubjectId, Contracts.SubjectType Type, Contracts.SubjectBatch Batch);
