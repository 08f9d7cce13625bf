using Monitoring.Domain.Detection.Rules;

namespace Monitoring.Domain.Incidents;

/// <summary>
/// An incident's title, for people: what happened and where, from its first root cause — a provider's own words
/// for a declared disruption ("Port workers' strike at Puerto Angamos"), the rule's name otherwise ("Output drop
/// at Escondida").
/// </summary>
public static class IncidentTitles
{
    private const int MaxWhatLength = 80;

    public static string For(IReadOnlyList<IncidentMember> members, string rootSubjectId)
    {
        var root = members.Where(m => m.IsRoot)
            .OrderByDescending(m => m.Cause is not null)
            .ThenBy(m => m.OpenedAt)
            .FirstOrDefault();
        if (root is null) return $"Supply loss from {rootSubjectId}";
        var where = root.SubjectType == SubjectType.Lane ? "on" : "at";
        return $"{What(root)} {where} {root.SubjectName}";
    }

    /// <summary>The first clause of the provider's message, else the cause, else the rule.</summary>
    private static string What(IncidentMember root)
    {
        if (root.Cause is { } cause)
        {
            var message = DeclaredRule.MessageOf(root.Summary);
            return Capitalized(string.IsNullOrWhiteSpace(message) ? Wording.Words(cause) : FirstClause(message));
        }
        return root.Kind switch
        {
            DisruptionKind.OutputDrop => "Output drop",
            DisruptionKind.InventoryLow => "Low inventory",
            DisruptionKind.LaneDelay => "Delays",
            DisruptionKind.LaneBlocked => "Lane blocked",
            DisruptionKind.FeedSilent => "Feed silent",
            DisruptionKind.Anomaly => "Unusual readings",
            _ => "Disruption",
        };
    }

    private static string FirstClause(string message)
    {
        var end = message.IndexOfAny([':', ';', ',', '.', '(']);
        var dash = message.IndexOf(" - ", StringComparison.Ordinal) is var d and >= 0 ? d : message.IndexOf(" — ", StringComparison.Ordinal);
        if (dash >= 0 && (end < 0 || dash < end)) end = dash;
        var clause = (end > 0 ? message[..end] : message).Trim();
        return clause.Length <= MaxWhatLength ? clause : clause[..MaxWhatLength].TrimEnd() + "…";
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
