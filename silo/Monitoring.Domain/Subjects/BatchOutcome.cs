namespace Monitoring.Domain.Subjects;

/// <summary>What a subject did with a batch: the result its ack reports, and the change to store.</summary>
public sealed record BatchOutcome(BatchDisposition Disposition, ApplyResult Result, SubjectChange Change);
