namespace Monitoring.Domain.Subjects;

/// <summary>A neighbour to tell about an impairment, and what to tell it (a lane may get less than its node knows).</summary>
public sealed record SignalDelivery(string TargetId, SubjectType TargetType, ImpairmentSignal Signal);
