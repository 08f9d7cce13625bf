namespace Monitoring.Domain.Detection;

/// <summary>Who a subject is, as disruptions and events name it.</summary>
public sealed record SubjectIdentity(string Id, SubjectType Type, string Name, IReadOnlyList<string> Commodities);
