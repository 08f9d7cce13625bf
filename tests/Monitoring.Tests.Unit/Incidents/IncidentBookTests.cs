using Monitoring.Contracts;
using Monitoring.Domain.Incidents;
using static Monitoring.Tests.Unit.Incidents.Disruptions;

namespace Monitoring.Tests.Unit.Incidents;

public sealed class IncidentBookTests
{
    private const string Port = "port.cl.angamos";

    private readonly IncidentBookState _state = new();
    private readonly IncidentBook _book;
    private readonly Disruption _strike = Declared(Port, "Puerto Angamos", Severity.Critical, "port workers' strike: berths idle, no loading", TimeSpan.FromDays(5));

    public IncidentBookTests() => _book = new IncidentBook(_state, Port);

    private Disruption Blocked(int n) => Consequence($"lane.{n}--lane-blocked-1", $"lane.{n}", DisruptionKind.LaneBlocked, Severity.Critical, _strike.Id);

    private Disruption Exposure(int n, Severity severity = Severity.Info) =>
        Consequence($"plant.{n}--upstream-exposure-1", $"plant.{n}", DisruptionKind.UpstreamExposure, severity, _strike.Id);

    [Fact]
    public void A_declared_strike_its_blocked_lanes_exposures_and_the_output_drop_it_explains_are_one_incident()
    {
        var drop = Root($"{Port}--output-drop-1", Port, "Puerto Angamos", DisruptionKind.OutputDrop, Severity.Warning, "output 20 % of baseline");
        Disruption[] storm = [_strike, .. Enumerable.Range(1, 14).Select(Blocked), .. Enumerable.Range(1, 7).Select(n => Exposure(n)), drop];

        foreach (var d in storm) _book.Track(d, T0);

        var incident = Assert.Single(_book.Incidents);
        Assert.Equal($"{Port}--incident-1", incident.Id);
        Assert.Equal("Port workers' strike at Puerto Angamos", incident.Title);
        Assert.Equal((23, Severity.Critical, IncidentState.Open, Cause.Strike), (incident.DisruptionCount, incident.Severity, incident.State, incident.Cause));
        Assert.Equal(storm.Select(d => d.Id), incident.DisruptionIds);
        Assert.Equal(["cu"], incident.Commodities);
        Assert.Equal(T0 + TimeSpan.FromDays(5), incident.Members[0].ExpectedEnd);
        Assert.Equal(22, incident.Timeline.Count(e => e.Kind == IncidentEntryKinds.Joined));
    }

    [Fact]
    public void Changes_are_published_once_per_incident_as_it_is_now()
    {
        _book.Track(_strike, T0);
        foreach (var n in Enumerable.Range(1, 5)) _book.Track(Blocked(n), T0);

        var change = Assert.Single(_book.TakeChanges());
        Assert.Equal(MonitoringEventType.IncidentOpened, change.Type);
        Assert.Equal(6, change.Incident.DisruptionCount);
        Assert.Empty(_book.TakeChanges());

        _book.Track(Blocked(6), T0);
        Assert.Equal(MonitoringEventType.IncidentUpdated, Assert.Single(_book.TakeChanges()).Type);
    }

    [Fact]
    public void The_incident_takes_its_worst_active_members_severity_and_clears_when_every_member_has()
    {
        var exposure = Exposure(1, Severity.Warning);
        var strike = _strike with { Severity = Severity.Warning };
        _book.Track(strike, T0);
        _book.Track(exposure, T0);
        _book.Track(exposure = exposure.Next(x => x with { Severity = Severity.Critical }), T0);
        Assert.Equal(Severity.Critical, _book.Incidents[0].Severity);
        _book.TakeChanges();

        _book.Track(strike.Cleared(), T0.AddHours(1));
        Assert.Equal((IncidentState.Open, Severity.Critical), (_book.Incidents[0].State, _book.Incidents[0].Severity));
        _book.Track(exposure.Cleared(), T0.AddHours(2));

        var incident = _book.Incidents[0];
        Assert.Equal((IncidentState.Cleared, T0.AddHours(2)), (incident.State, incident.ClearedAt));
        Assert.Equal(MonitoringEventType.IncidentCleared, Assert.Single(_book.TakeChanges()).Type);
        Assert.Contains(incident.Timeline, e => e.Kind == IncidentEntryKinds.Severity && e.Text == "WARNING → CRITICAL");
    }

    [Fact]
    public void A_new_root_after_the_incident_cleared_opens_a_second_incident()
    {
        _book.Track(_strike, T0);
        _book.Track(_strike.Cleared(), T0.AddDays(1));
        var again = Declared(Port, "Puerto Angamos", Severity.Warning, "swell", number: 2);

        _book.Track(again, T0.AddDays(2));

        Assert.Equal([IncidentState.Cleared, IncidentState.Open], _book.Incidents.Select(i => i.State));
        Assert.Equal($"{Port}--incident-2", _book.Incidents[1].Id);
    }

    [Fact]
    public void A_consequence_arriving_before_its_root_opens_the_incident_the_root_then_joins()
    {
        _book.Track(Blocked(1), T0);
        Assert.Equal($"Supply loss from {Port}", _book.Incidents[0].Title);

        _book.Track(_strike, T0);

        var incident = Assert.Single(_book.Incidents);
        Assert.Equal(2, incident.DisruptionCount);
        Assert.Equal("Port workers' strike at Puerto Angamos", incident.Title);
        Assert.Equal("Puerto Angamos", incident.RootSubjectName);
    }

    [Fact]
    public void A_consequence_whose_causes_no_longer_include_the_root_leaves_the_incident()
    {
        var lane = Blocked(1);
        _book.Track(_strike, T0);
        _book.Track(lane, T0);

        // The lane is now blocked only by a disruption elsewhere: this subject's incident hears it left.
        _book.Track(lane.Next(x => x with { RootCauseIds = ["mine.x--declared-1"], FormerRootCauseIds = [_strike.Id] }), T0);

        var incident = Assert.Single(_book.Incidents);
        Assert.Equal([_strike.Id], incident.DisruptionIds);
        Assert.Contains(incident.Timeline, e => e.Kind == IncidentEntryKinds.Left && e.DisruptionId == lane.Id);
    }

    [Fact]
    public void A_consequence_of_two_roots_belongs_to_the_incident_of_each()
    {
        var mine = new IncidentBook(new IncidentBookState(), "mine.x");
        var mineRoot = Root("mine.x--declared-1", "mine.x", "Mine X", DisruptionKind.Declared, Severity.Critical, "declared power");
        var exposure = Consequence("plant.1--upstream-exposure-1", "plant.1", DisruptionKind.UpstreamExposure, Severity.Warning, _strike.Id, mineRoot.Id);
        _book.Track(_strike, T0);
        mine.Track(mineRoot, T0);

        _book.Track(exposure, T0);
        mine.Track(exposure, T0);

        Assert.Contains(exposure.Id, _book.Incidents[0].DisruptionIds);
        Assert.Contains(exposure.Id, mine.Incidents[0].DisruptionIds);
    }

    [Fact]
    public void An_older_version_changes_nothing_but_a_restore_puts_back_the_subjects_version()
    {
        var v2 = _strike.Next(x => x with { Severity = Severity.Warning });
        _book.Track(v2, T0);
        _book.TakeChanges();

        Assert.False(_book.Track(_strike, T0));
        Assert.Equal(2, _book.Incidents[0].Members[0].Version);
        Assert.True(_book.Track(_strike, T0, restore: true));
        Assert.Equal((1, Severity.Critical), (_book.Incidents[0].Members[0].Version, _book.Incidents[0].Severity));
    }

    [Fact]
    public void A_cleared_disruption_with_no_incident_opens_none()
    {
        Assert.False(_book.Track(_strike.Cleared(), T0));
        Assert.Empty(_book.Incidents);
    }

    [Fact]
    public void Acknowledging_takes_the_incident_and_names_its_open_members_to_acknowledge()
    {
        _book.Track(_strike, T0);
        _book.Track(Blocked(1), T0);
        var id = _book.Incidents[0].Id;

        var (result, actOn) = _book.Acknowledge(id, "ana", "crews called", T0.AddMinutes(5));

        Assert.Equal(DisruptionActionOutcome.Done, result.Outcome);
        Assert.Equal((IncidentState.Acknowledged, "ana"), (result.Incident!.State, result.Incident.Owner));
        Assert.Equal([_strike.Id, Blocked(1).Id], actOn.Select(m => m.DisruptionId));
        var entry = result.Incident.Timeline[^1];
        Assert.Equal((IncidentEntryKinds.Acknowledged, "ana", "crews called"), (entry.Kind, entry.Actor, entry.Text));
    }

    [Fact]
    public void Assigning_and_notes_go_on_the_timeline()
    {
        _book.Track(_strike, T0);
        var id = _book.Incidents[0].Id;

        _book.Assign(id, "logistics desk", "ana", T0.AddMinutes(1));
        var noted = _book.Note(id, "ben", "shipper rerouting via Mejillones", T0.AddMinutes(2));

        Assert.Equal("logistics desk", noted.Incident!.Owner);
        Assert.Equal([IncidentEntryKinds.Opened, IncidentEntryKinds.Assigned, IncidentEntryKinds.Note], noted.Incident.Timeline.Select(e => e.Kind));
    }

    [Fact]
    public void Resolving_is_final_names_every_member_to_resolve_and_later_member_changes_do_not_reopen_it()
    {
        _book.Track(_strike, T0);
        var lane = Blocked(1);
        _book.Track(lane, T0);
        var id = _book.Incidents[0].Id;
        _book.TakeChanges();

        var (result, actOn) = _book.Resolve(id, "ana", "strike over", T0.AddDays(1));
        _book.Track(lane.Next(x => x with { Severity = Severity.Warning }), T0.AddDays(1));

        Assert.Equal(2, actOn.Count);
        Assert.Equal(IncidentState.Resolved, result.Incident!.State);
        Assert.Equal(IncidentState.Resolved, Assert.Single(_book.Incidents).State);
        Assert.Equal(Severity.Critical, _book.Incidents[0].Severity);
        Assert.Equal(MonitoringEventType.IncidentResolved, Assert.Single(_book.TakeChanges()).Type);
        Assert.Equal(DisruptionActionOutcome.NotAllowed, _book.Resolve(id, "ana", "again", T0.AddDays(2)).Result.Outcome);
    }

    [Fact]
    public void Only_an_active_incident_can_be_acknowledged_and_an_unknown_one_is_not_found()
    {
        _book.Track(_strike, T0);
        _book.Track(_strike.Cleared(), T0);
        var id = _book.Incidents[0].Id;

        var cleared = _book.Acknowledge(id, "ana", "late", T0).Result;
        var unknown = _book.Acknowledge($"{Port}--incident-9", "ana", "?", T0).Result;

        Assert.Equal(DisruptionActionOutcome.NotAllowed, cleared.Outcome);
        Assert.Contains("CLEARED", cleared.Message);
        Assert.Equal(DisruptionActionOutcome.NotFound, unknown.Outcome);
    }

    [Fact]
    public void Closed_incidents_are_kept_within_the_bound_and_active_ones_always()
    {
        for (var n = 1; n <= IncidentLimits.ClosedPerSubject + 5; n++)
        {
            var root = Declared(Port, "Puerto Angamos", Severity.Warning, $"event {n}", number: n);
            _book.Track(root, T0.AddDays(n));
            _book.Track(root.Cleared(), T0.AddDays(n));
            _book.TakeChanges();
        }
        _book.Track(Declared(Port, "Puerto Angamos", Severity.Warning, "still on", number: 99), T0.AddDays(99));

        Assert.Equal(IncidentLimits.ClosedPerSubject, _book.Incidents.Count(i => !i.State.IsActive()));
        Assert.Single(_book.Incidents, i => i.State.IsActive());
        Assert.Equal($"{Port}--incident-6", _book.Incidents[0].Id);
    }

    [Fact]
    public void New_impact_figures_change_the_incident_only_when_they_read_differently()
    {
        _book.Track(_strike, T0);
        var id = _book.Incidents[0].Id;
        _book.TakeChanges();
        var impact = new IncidentImpact(100, [new CommodityLoss("cu", 100, 100)], [], T0.AddDays(5), T0);

        Assert.True(_book.SetImpact(id, impact));
        Assert.False(_book.SetImpact(id, impact with { LostTonnesPerDay = 100.01, ComputedAt = T0.AddSeconds(5) }));
        Assert.Equal(100, _book.Incidents[0].Impact.LostTonnesPerDay);
        Assert.Single(_book.TakeChanges());
    }

    [Fact]
    public void A_closed_incident_whose_change_is_not_yet_published_is_not_trimmed()
    {
        for (var n = 1; n <= IncidentLimits.ClosedPerSubject + 2; n++)
        {
            var root = Declared(Port, "Puerto Angamos", Severity.Warning, $"event {n}", number: n);
            _book.Track(root, T0.AddDays(n));
            _book.Track(root.Cleared(), T0.AddDays(n));
        }

        Assert.Equal(IncidentLimits.ClosedPerSubject + 2, _book.Incidents.Count(i => !i.State.IsActive()));
        Assert.Equal(IncidentLimits.ClosedPerSubject + 2, _book.TakeChanges().Count);

        // Once published, the next opening trims them to the bound.
        _book.Track(Declared(Port, "Puerto Angamos", Severity.Warning, "next", number: 99), T0.AddDays(99));
        Assert.Equal(IncidentLimits.ClosedPerSubject, _book.Incidents.Count(i => !i.State.IsActive()));
    }

    [Fact]
    public void A_consequence_that_opened_an_incident_before_its_root_and_then_moved_to_another_root_leaves_it_and_it_clears()
    {
        var lane = Blocked(1);
        _book.Track(lane, T0);

        _book.Track(lane.Next(x => x with { RootCauseIds = ["mine.x--declared-1"], FormerRootCauseIds = [_strike.Id] }), T0);

        var incident = Assert.Single(_book.Incidents);
        Assert.Empty(incident.Members);
        Assert.Equal(IncidentState.Cleared, incident.State);
    }

    [Fact]
    public void A_closed_incident_takes_nothing_out_its_timeline_says_what_it_took_and_late_figures_are_refused()
    {
        _book.Track(_strike, T0);
        var id = _book.Incidents[0].Id;
        _book.SetImpact(id, new IncidentImpact(2017.5, [new CommodityLoss("cu", 2017.5, 2017.5)], [], T0.AddDays(5), T0));

        _book.Track(_strike.Cleared(), T0.AddHours(1));

        var cleared = _book.Incidents[0];
        Assert.Equal(0, cleared.Impact.LostTonnesPerDay);
        Assert.Equal("every member cleared; it took 2017.5 t/d out", cleared.Timeline.Single(e => e.Kind == IncidentEntryKinds.Cleared).Text);
        Assert.False(_book.SetImpact(id, new IncidentImpact(900, [], [], null, T0.AddHours(1))));
    }

    [Fact]
    public void An_incidents_commodities_never_shrink_so_every_list_that_showed_it_hears_it_close()
    {
        var lithium = Consequence("lane.li--lane-blocked-1", "lane.li", DisruptionKind.LaneBlocked, Severity.Critical, _strike.Id) with { Commodities = ["li"] };
        _book.Track(_strike, T0);
        _book.Track(lithium, T0);

        _book.Track(lithium.Next(x => x with { RootCauseIds = ["mine.x--declared-1"], FormerRootCauseIds = [_strike.Id] }), T0);

        Assert.Equal([_strike.Id], _book.Incidents[0].DisruptionIds);
        Assert.Equal(["cu", "li"], _book.Incidents[0].Commodities);
    }
}
