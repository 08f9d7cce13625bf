using Monitoring.Api.V1;

namespace Monitoring.Simulator;

/// <summary>
/// A scripted incident: from <see cref="At"/> for <see cref="Duration"/> (offsets within the script's
/// cycle) the subject's output runs at <see cref="OutputFactor"/> of normal, and, when
/// <see cref="DeclaredCause"/> is set, its owner declares a disruption at the start and clears it at the end.
/// </summary>
public sealed record ScriptedIncident(
    string Name,
    string SubjectId,
    TimeSpan At,
    TimeSpan Duration,
    double OutputFactor,
    Cause? DeclaredCause = null,
    Severity DeclaredSeverity = Severity.Warning,
    TimeSpan? ExpectedDuration = null,
    string Message = "")
{
    public bool IsActive(TimeSpan offsetInCycle) => offsetInCycle >= At && offsetInCycle < At + Duration;
}
