namespace Monitoring.Domain.Incidents;

/// <summary>
/// The incidents rooted at one subject (docs/incidents.md). A root cause of the subject joins the subject's
/// active incident, or opens one; a consequence joins the incident that holds one of its root causes (else the
/// active one, else opens one until its root arrives); a consequence whose causes no longer include an
/// incident's root leaves it. An incident's severity is its worst active member's; it clears when every member
/// has; operators acknowledge, assign, annotate and resolve it. Changes are gathered for publication
/// (<see cref="TakeChanges"/>), one event per changed incident.
/// </summary>
public sealed class IncidentBook(IncidentBookState state, string subjectId)
{
    public const string SystemActor = "system";

    private readonly Dictionary<string, Lifecycle> _changes = new(StringComparer.Ordinal);

    public IReadOnlyList<Incident> Incidents => state.Incidents;

    public bool HasChanges => _changes.Count > 0;

    public Incident? Find(string incidentId) => state.Incidents.Find(i => i.Id == incidentId);

    /// <summary>
    /// A disruption changed (a root cause of this subject, or a consequence of one). With <paramref name="restore"/>,
    /// a different version replaces the one held even if older (its subject took back a change it could not store).
    /// True when an incident changed.
    /// </summary>
    public bool Track(Disruption disruption, DateTimeOffset now, bool restore = false)
    {
        var roots = OwnRoots(disruption);
        var changed = false;
        var held = false;
        for (var i = 0; i < state.Incidents.Count; i++)
        {
            var incident = state.Incidents[i];
            var at = IndexOf(incident, disruption.Id);
            if (at < 0) continue;
            // A resolved incident is closed for good: its members' later changes are its subjects' business.
            held |= incident.State == IncidentState.Resolved;
            if (incident.State == IncidentState.Resolved) continue;
            var known = incident.Members[at];
            if (!disruption.IsRoot && !Linked(incident, roots))
            {
                var members = incident.Members.Where((_, k) => k != at).ToList();
                Save(i, Derive(incident, members, now, [Entry(now, IncidentEntryKinds.Left, $"{Label(known)} is no longer caused by this incident's root", known.DisruptionId)]));
                changed = true;
                continue;
            }
            held = true;
            if (restore ? known.Version == disruption.Version : known.Version >= disruption.Version) continue;
            var updated = Member(disruption);
            var replaced = incident.Members.Select((m, k) => k == at ? updated : m).ToList();
            List<IncidentEntry> entries = known.State.IsActive() && !updated.State.IsActive()
                ? [Entry(now, IncidentEntryKinds.MemberCleared, $"{Label(updated)} {updated.State.ToString().ToUpperInvariant()}", updated.DisruptionId)]
                : [];
            Save(i, Derive(incident, replaced, now, entries));
            changed = true;
        }
        if (held || roots.Count == 0 || !disruption.State.IsActive()) return changed;

        var holder = disruption.IsRoot ? null : HolderOf(roots);
        if (holder is { } h && state.Incidents[h].State == IncidentState.Resolved) return changed;
        var member = Member(disruption);
        var target = holder ?? ActiveIndex();
        if (target is { } t)
        {
            var incident = state.Incidents[t];
            Save(t, Derive(incident, Bounded([.. incident.Members, member]), now, [Entry(now, IncidentEntryKinds.Joined, $"{Label(member)} joined", member.DisruptionId)]));
        }
        else
        {
            Open(member, now);
        }
        return true;
    }

    /// <summary>An operator takes the incident: OPEN (or ACKNOWLEDGED again) → ACKNOWLEDGED; its open members are to be acknowledged too.</summary>
    public (IncidentActionResult Result, IReadOnlyList<IncidentMember> ActOn) Acknowledge(string incidentId, string actor, string note, DateTimeOffset now) =>
        Act(incidentId, i => i.State.IsActive() ? null : "only OPEN or ACKNOWLEDGED incidents can be acknowledged", i =>
        {
            var entry = Entry(now, IncidentEntryKinds.Acknowledged, note, actor: actor);
            var incident = Derive(i with { State = IncidentState.Acknowledged, Owner = i.Owner ?? actor }, i.Members, now, [entry]);
            return (incident, i.Members.Where(m => m.State == DisruptionState.Open).ToList());
        });

    /// <summary>Gives the incident an owner (not once it is RESOLVED).</summary>
    public IncidentActionResult Assign(string incidentId, string owner, string actor, DateTimeOffset now) =>
        Act(incidentId, i => i.State == IncidentState.Resolved ? "a RESOLVED incident cannot be assigned" : null, i =>
        {
            var entry = Entry(now, IncidentEntryKinds.Assigned, $"assigned to {owner}", actor: actor);
            return (Derive(i with { Owner = owner }, i.Members, now, [entry]), []);
        }).Result;

    /// <summary>Adds a note to the timeline, in any state (a resolved incident's review too).</summary>
    public IncidentActionResult Note(string incidentId, string actor, string text, DateTimeOffset now) =>
        Act(incidentId, _ => null, i => (Derive(i, i.Members, now, [Entry(now, IncidentEntryKinds.Note, text, actor: actor)]), [])).Result;

    /// <summary>An operator closes the incident: any state but RESOLVED → RESOLVED; its members not yet resolved are to be resolved too.</summary>
    public (IncidentActionResult Result, IReadOnlyList<IncidentMember> ActOn) Resolve(string incidentId, string actor, string note, DateTimeOffset now) =>
        Act(incidentId, i => i.State == IncidentState.Resolved ? "already RESOLVED" : null, i =>
        {
            var entry = Entry(now, IncidentEntryKinds.Resolved, note + (i.State.IsActive() ? Took(i.Impact) : ""), actor: actor);
            var incident = Derive(i with { State = IncidentState.Resolved, ClearedAt = i.ClearedAt ?? now }, i.Members, now, [entry]);
            Mark(incident.Id, Lifecycle.Resolved);
            return (incident, i.Members.Where(m => m.State != DisruptionState.Resolved).ToList());
        });

    /// <summary>New impact figures; the incident changes only when they differ from those it shows as people read them.</summary>
    public bool SetImpact(string incidentId, IncidentImpact impact)
    {
        var at = state.Incidents.FindIndex(i => i.Id == incidentId);
        if (at < 0) return false;
        var incident = state.Incidents[at];
        // An assessment that finishes after the incident closed is of no use: a closed incident takes nothing out.
        if (!incident.State.IsActive() || IncidentImpacts.Fingerprint(incident.Impact) == IncidentImpacts.Fingerprint(impact)) return false;
        Save(at, incident with { Impact = impact, Version = incident.Version + 1 });
        return true;
    }

    /// <summary>One change per incident changed since the last call, as it is now.</summary>
    public IReadOnlyList<IncidentChange> TakeChanges()
    {
        var changes = new List<IncidentChange>();
        foreach (var (id, seen) in _changes)
        {
            if (Find(id) is not { } incident) continue;
            var type = incident.State == IncidentState.Resolved && seen.HasFlag(Lifecycle.Resolved) ? MonitoringEventType.IncidentResolved
                : incident.State == IncidentState.Cleared && seen.HasFlag(Lifecycle.Cleared) ? MonitoringEventType.IncidentCleared
                : seen.HasFlag(Lifecycle.Opened) ? MonitoringEventType.IncidentOpened
                : MonitoringEventType.IncidentUpdated;
            changes.Add(new IncidentChange(type, incident));
        }
        _changes.Clear();
        return changes;
    }

    private (IncidentActionResult Result, IReadOnlyList<IncidentMember> ActOn) Act(
        string incidentId, Func<Incident, string?> refusal, Func<Incident, (Incident Incident, IReadOnlyList<IncidentMember> ActOn)> change)
    {
        var at = state.Incidents.FindIndex(i => i.Id == incidentId);
        if (at < 0) return (new IncidentActionResult(DisruptionActionOutcome.NotFound, null, $"{incidentId} is not an incident of {subjectId}"), []);
        var incident = state.Incidents[at];
        if (refusal(incident) is { } why)
            return (new IncidentActionResult(DisruptionActionOutcome.NotAllowed, incident, $"{incidentId} is {incident.State.ToString().ToUpperInvariant()}: {why}"), []);
        var (done, actOn) = change(incident);
        Save(at, done);
        return (new IncidentActionResult(DisruptionActionOutcome.Done, done, "done"), actOn);
    }

    private void Open(IncidentMember first, DateTimeOffset now)
    {
        var number = ++state.LastNumber;
        var id = $"{subjectId}{Identifiers.DisruptionSeparator}incident-{number}";
        var opened = new Incident(id, "", subjectId, first.IsRoot ? first.SubjectName : subjectId, first.IsRoot ? first.SubjectType : SubjectType.Node, null,
            first.Severity, IncidentState.Open, now, now, null, null, [], [], IncidentImpact.None(now),
            [Entry(now, IncidentEntryKinds.Opened, $"opened by {Label(first)}", first.DisruptionId)], 0);
        state.Incidents.Add(Derive(opened, [first], now, []));
        Mark(id, Lifecycle.Opened);
        TrimClosed();
    }

    /// <summary>
    /// The incident with its members replaced and everything that follows from them: severity (worst active
    /// member), state (CLEARED when none is active, OPEN again when one is), title, cause, commodities.
    /// </summary>
    private Incident Derive(Incident incident, IReadOnlyList<IncidentMember> members, DateTimeOffset now, IReadOnlyList<IncidentEntry> entries)
    {
        var timeline = incident.Timeline.Concat(entries).ToList();
        var active = members.Where(m => m.State.IsActive()).ToList();
        var severity = active.Count > 0 ? active.Max(m => m.Severity) : incident.Severity;
        if (severity != incident.Severity && incident.Members.Count > 0)
            timeline.Add(Entry(now, IncidentEntryKinds.Severity, $"{incident.Severity.ToString().ToUpperInvariant()} → {severity.ToString().ToUpperInvariant()}"));

        var state = incident.State;
        var clearedAt = incident.ClearedAt;
        if (state != IncidentState.Resolved && active.Count == 0 && state != IncidentState.Cleared)
        {
            state = IncidentState.Cleared;
            clearedAt = now;
            timeline.Add(Entry(now, IncidentEntryKinds.Cleared, "every member cleared" + Took(incident.Impact)));
            Mark(incident.Id, Lifecycle.Cleared);
        }
        else if (state == IncidentState.Cleared && active.Count > 0)
        {
            state = IncidentState.Open;
            clearedAt = null;
            timeline.Add(Entry(now, IncidentEntryKinds.Reopened, $"{Label(active[0])} is active again"));
        }

        var root = members.Where(m => m.IsRoot).MinBy(m => m.OpenedAt);
        return incident with
        {
            // A closed incident takes nothing out any more (what it took is on its timeline).
            Impact = state.IsActive() ? incident.Impact : IncidentImpact.None(now),
            Title = IncidentTitles.For(members, subjectId),
            RootSubjectName = root?.SubjectName ?? incident.RootSubjectName,
            RootSubjectType = root?.SubjectType ?? incident.RootSubjectType,
            Cause = members.FirstOrDefault(m => m.IsRoot && m.Cause is not null)?.Cause ?? incident.Cause,
            Severity = severity,
            PeakSeverity = severity > incident.PeakSeverity ? severity : incident.PeakSeverity,
            State = state,
            ClearedAt = clearedAt,
            UpdatedAt = now,
            Members = members,
            // Never shrinks: each commodity's list keeps hearing of an incident it once listed, down to its clearing.
            Commodities = incident.Commodities.Concat(members.SelectMany(m => m.Commodities)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            Timeline = BoundedTimeline(timeline),
            Version = incident.Version + 1,
        };
    }

    private void Save(int at, Incident incident)
    {
        state.Incidents[at] = incident;
        Mark(incident.Id, Lifecycle.Updated);
    }

    private void Mark(string incidentId, Lifecycle what) => _changes[incidentId] = _changes.GetValueOrDefault(incidentId) | what;

    /// <summary>The root causes of a disruption that are this subject's: itself for a root, else those among its causes now.</summary>
    private IReadOnlyList<string> OwnRoots(Disruption d) => d.IsRoot
        ? d.SubjectId == subjectId ? [d.Id] : []
        : d.RootCauseIds!.Where(r => Identifiers.SubjectOfDisruption(r) == subjectId).ToList();

    /// <summary>A consequence belongs to an incident holding one of its root causes here, or to one that has no root yet if it has a root here.</summary>
    private static bool Linked(Incident incident, IReadOnlyList<string> roots) =>
        incident.Members.Any(m => m.IsRoot && roots.Contains(m.DisruptionId)) || roots.Count > 0 && !incident.Members.Any(m => m.IsRoot);

    /// <summary>The subject's newest active incident.</summary>
    private int? ActiveIndex()
    {
        for (var i = state.Incidents.Count - 1; i >= 0; i--)
        {
            if (state.Incidents[i].State.IsActive()) return i;
        }
        return null;
    }

    /// <summary>The newest incident holding one of these roots, whatever its state.</summary>
    private int? HolderOf(IReadOnlyList<string> roots)
    {
        for (var i = state.Incidents.Count - 1; i >= 0; i--)
        {
            var incident = state.Incidents[i];
            if (incident.Members.Any(m => m.IsRoot && roots.Contains(m.DisruptionId))) return i;
        }
        return null;
    }

    private static int IndexOf(Incident incident, string disruptionId)
    {
        for (var i = 0; i < incident.Members.Count; i++)
        {
            if (incident.Members[i].DisruptionId == disruptionId) return i;
        }
        return -1;
    }

    /// <summary>Closed incidents beyond <see cref="IncidentLimits.ClosedPerSubject"/> go, oldest first (see <see cref="IncidentLimits"/>).</summary>
    private void TrimClosed()
    {
        // One with a change not yet taken stays until it is published (its index must hear that it closed).
        var closed = state.Incidents.Where(i => !i.State.IsActive() && !_changes.ContainsKey(i.Id)).ToList();
        foreach (var old in closed.Take(closed.Count - IncidentLimits.ClosedPerSubject)) state.Incidents.Remove(old);
    }

    /// <summary>Beyond <see cref="IncidentLimits.Members"/>, the oldest cleared members go (never an active one, nor the root that names the incident).</summary>
    private static List<IncidentMember> Bounded(List<IncidentMember> members)
    {
        var excess = members.Count - IncidentLimits.Members;
        if (excess <= 0) return members;
        var naming = members.Where(m => m.IsRoot).MinBy(m => m.OpenedAt)?.DisruptionId;
        var drop = members.Where(m => !m.State.IsActive() && m.DisruptionId != naming).OrderBy(m => m.UpdatedAt).Take(excess)
            .Select(m => m.DisruptionId).ToHashSet(StringComparer.Ordinal);
        return members.Where(m => !drop.Contains(m.DisruptionId)).ToList();
    }

    /// <summary>"; it took 2,017.5 t/d out" for the timeline of an incident closing, if it took any.</summary>
    private static string Took(IncidentImpact impact) =>
        impact.LostTonnesPerDay > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; it took {impact.LostTonnesPerDay:0.#} t/d out") : "";

    private static List<IncidentEntry> BoundedTimeline(List<IncidentEntry> timeline) =>
        timeline.Count <= IncidentLimits.Timeline ? timeline : [timeline[0], .. timeline.Skip(timeline.Count - IncidentLimits.Timeline + 1)];

    private static IncidentEntry Entry(DateTimeOffset at, string kind, string text, string? disruptionId = null, string actor = SystemActor) =>
        new(at, kind, actor, text, disruptionId);

    /// <summary>"lane blocked on Angamos → Shanghai (CRITICAL)".</summary>
    private static string Label(IncidentMember m) =>
        $"{Wording.Words(m.Kind)} {(m.SubjectType == SubjectType.Lane ? "on" : "at")} {m.SubjectName} ({m.Severity.ToString().ToUpperInvariant()})";

    /// <summary>The member an incident keeps of a disruption: a root's expected end is its provider's expected duration, else its estimated time to recover.</summary>
    public static IncidentMember Member(Disruption d) => new(
        d.Id, d.SubjectId, d.SubjectType, d.SubjectName, d.Kind, d.Severity, d.State, d.IsRoot, d.Commodities, d.OpenedAt, d.UpdatedAt,
        d.IsRoot && (d.ExpectedDuration ?? d.EstimatedTimeToRecover) is { } duration ? d.OpenedAt + duration : null,
        d.Cause, d.Summary, d.Version);

    [Flags]
    private enum Lifecycle { Updated = 0, Opened = 1, Cleared = 2, Resolved = 4 }
}
