using Monitoring.Api.V1;

namespace Monitoring.Simulator;

/// <summary>A cycle of incidents that repeats for as long as the demo runs.</summary>
public sealed record DemoScript(TimeSpan Cycle, IReadOnlyList<ScriptedIncident> Incidents)
{
    /// <summary>
    /// The Chile–US demo: a strike at Angamos within the first minute, then an ocean-swell closure
    /// at San Antonio, a power cut at Escondida (undeclared: the OUTPUT_DROP rule must find it),
    /// an export restriction on Chinese rare-earth separation and a flood at the Atacama brine.
    /// </summary>
    public static DemoScript ChileUs { get; } = new(TimeSpan.FromMinutes(12),
    [
        new("angamos-strike", "port.cl.angamos", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(4), 0.05,
            Cause.Strike, Severity.Critical, TimeSpan.FromDays(5), "port workers' strike: berths idle, no loading"),
        new("san-antonio-swell", "port.cl.san-antonio", TimeSpan.FromSeconds(100), TimeSpan.FromMinutes(3), 0.15,
            Cause.Weather, Severity.Warning, TimeSpan.FromDays(2), "ocean swell: port closed to vessel movements"),
        new("escondida-power", "mine.cl.escondida", TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3), 0.35),
        new("baotou-export-controls", "separation.cn.baotou", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(4), 0.5,
            Cause.ExportRestriction, Severity.Critical, TimeSpan.FromDays(90), "export licensing on separated rare-earth oxides"),
        new("atacama-flood", "brine.cl.atacama-sqm", TimeSpan.FromMinutes(7), TimeSpan.FromMinutes(3), 0.2),
    ]);
}
