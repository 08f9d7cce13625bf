namespace Monitoring.Domain;

/// <summary>Enum values as words in a sentence.</summary>
public static class Wording
{
    /// <summary>ExportRestriction → "export restriction", LaneBlocked → "lane blocked".</summary>
    public static string Words(Enum value) =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
