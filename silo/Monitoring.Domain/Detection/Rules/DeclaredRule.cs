using System.Globalization;

namespace Monitoring.Domain.Detection.Rules;

/// <summary>
/// DECLARED (docs/detection.md): a provider's disruption report opens a disruption with the reported
/// severity; a later report with the same report id updates it; a clear, or the expected end
/// passing, clears it. A port closure declared on a lane is that lane's LANE_BLOCKED.
/// </summary>
public static class DeclaredRule
{
    public static string RuleKey(string reportId) => $"declared/{reportId}";

    /// <summary>The kind a report opens: a declared closure of a lane blocks it; anything else is DECLARED.</summary>
    public static DisruptionKind KindOf(SubjectType subject, Cause cause) =>
        subject == SubjectType.Lane && cause == Cause.PortClosure ? DisruptionKind.LaneBlocked : DisruptionKind.Declared;

    public static void Apply(DisruptionBook book, SubjectType subject, DisruptionReport report, string feedId, IReadOnlyList<string> commodities, DateTimeOffset now)
    {
        var key = RuleKey(report.ReportId);
        var open = book.FindActive(key);
        var actor = $"feed:{feedId}";
        if (report.Clear)
        {
            // Clearing a report that is not open (already cleared, or expired) changes nothing.
            if (open is not null)
            {
                book.Clear(key, new DisruptionEvidence(EvidencePhases.Cleared, report.ObservedAt, "report", 0, 0, Note(report)),
                    now, actor, string.IsNullOrEmpty(report.Message) ? "cleared by provider" : report.Message);
            }
            return;
        }

        var summary = Summary(report);
        if (open is null)
        {
            book.Open(key, KindOf(subject, report.Cause), report.Severity, commodities, summary,
                new DisruptionEvidence(EvidencePhases.Opened, report.ObservedAt, "report", (double)report.Severity, 0, Note(report)),
                now, actor, "declared by provider", report.Cause, report.ExpectedDuration, report.ReportId);
            return;
        }

        // A repeat without an expected duration keeps the one given before.
        var expected = report.ExpectedDuration ?? open.ExpectedDuration;
        if (open.Severity == report.Severity && open.Summary == summary && open.ExpectedDuration == expected && open.Cause == report.Cause) return;
        var phase = report.Severity > open.Severity ? EvidencePhases.Escalated
            : report.Severity < open.Severity ? EvidencePhases.Deescalated
            : EvidencePhases.Updated;
        book.Update(key, report.Severity, summary,
            new DisruptionEvidence(phase, report.ObservedAt, "report", (double)report.Severity, 0, Note(report)),
            now, actor, "updated by provider", expected, report.Cause);
    }

    /// <summary>Clears declared disruptions whose expected end has passed; returns the next expected end, if any.</summary>
    public static DateTimeOffset? ExpireDue(DisruptionBook book, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var d in book.Active.Where(d => d.ReportId is not null).ToList())
        {
            if (d.ExpectedDuration is not { } duration || d.ReportId is null) continue;
            var end = d.OpenedAt + duration;
            if (end <= now)
            {
                book.Clear(RuleKey(d.ReportId), new DisruptionEvidence(EvidencePhases.Cleared, now, "expected end", 0, 0, string.Create(CultureInfo.InvariantCulture, $"expected end {end:u} passed")),
                    now, DisruptionBook.SystemActor, "expected end passed");
            }
            else if (next is null || end < next)
            {
                next = end;
            }
        }
        return next;
    }

    /// <summary>The earliest expected end among active declared disruptions.</summary>
    public static DateTimeOffset? NextExpiry(IReadOnlyList<Disruption> active)
    {
        DateTimeOffset? next = null;
        foreach (var d in active)
        {
            if (d.ReportId is null || d.ExpectedDuration is not { } duration) continue;
            var end = d.OpenedAt + duration;
            if (next is null || end < next) next = end;
        }
        return next;
    }

    private static string Summary(DisruptionReport report)
    {
        var cause = Wording.Words(report.Cause);
        return string.IsNullOrWhiteSpace(report.Message) ? $"declared {cause}" : $"declared {cause}: {report.Message}";
    }

    /// <summary>The provider's message in a declared disruption's summary ("declared strike: &lt;message&gt;"), or null when it gave none.</summary>
    public static string? MessageOf(string summary)
    {
        var colon = summary.IndexOf(": ", StringComparison.Ordinal);
        return summary.StartsWith("declared ", StringComparison.Ordinal) && colon > 0 ? summary[(colon + 2)..] : null;
    }

    private static string Note(DisruptionReport report) =>
        $"report {report.ReportId}, {report.Cause}, {report.Severity}" +
        (report.ExpectedDuration is { } d ? string.Create(CultureInfo.InvariantCulture, $", expected {d.TotalHours:0.#} h") : "");
}
