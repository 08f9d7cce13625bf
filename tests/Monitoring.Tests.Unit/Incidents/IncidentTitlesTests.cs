using Monitoring.Contracts;
using Monitoring.Domain.Incidents;
using static Monitoring.Tests.Unit.Incidents.Disruptions;

namespace Monitoring.Tests.Unit.Incidents;

public sealed class IncidentTitlesTests
{
    public static TheoryData<string, string> Declared => new()
    {
        { "port workers' strike: berths idle, no loading", "Port workers' strike at Puerto Angamos" },
        { "Chilean Navy closed the port; swell 4 m", "Chilean Navy closed the port at Puerto Angamos" },
        { "", "Strike at Puerto Angamos" },
    };

    [Theory]
    [MemberData(nameof(Declared))]
    public void A_declared_root_is_titled_with_the_first_clause_of_the_providers_message(string message, string title)
    {
        var root = Disruptions.Declared("port.cl.angamos", "Puerto Angamos", Severity.Critical, message) with
        {
            Summary = message.Length > 0 ? $"declared strike: {message}" : "declared strike",
        };

        Assert.Equal(title, IncidentTitles.For([IncidentBook.Member(root)], "port.cl.angamos"));
    }

    [Fact]
    public void A_rule_root_is_titled_with_the_rule_and_a_lane_takes_on()
    {
        var drop = Root("mine.x--output-drop-1", "mine.x", "Escondida", DisruptionKind.OutputDrop, Severity.Warning, "output 35 %");
        var delay = Root("lane.y--lane-delay-1", "lane.y", "Callao → Shanghai", DisruptionKind.LaneDelay, Severity.Warning, "late", SubjectType.Lane);

        Assert.Equal("Output drop at Escondida", IncidentTitles.For([IncidentBook.Member(drop)], "mine.x"));
        Assert.Equal("Delays on Callao → Shanghai", IncidentTitles.For([IncidentBook.Member(delay)], "lane.y"));
    }

    [Fact]
    public void The_declared_root_names_the_incident_even_when_a_rule_root_came_first()
    {
        var drop = Root("port.p--output-drop-1", "port.p", "Port P", DisruptionKind.OutputDrop, Severity.Warning, "output 20 %");
        var strike = Disruptions.Declared("port.p", "Port P", Severity.Critical, "dockers' strike") with { OpenedAt = T0.AddSeconds(10) };

        Assert.Equal("Dockers' strike at Port P", IncidentTitles.For([IncidentBook.Member(drop), IncidentBook.Member(strike)], "port.p"));
    }
}
