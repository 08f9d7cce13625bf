namespace Monitoring.Contracts;

/// <summary>Kinds of incident timeline entries.</summary>
public static class IncidentEntryKinds
{
    public const string Opened = "opened";
    public const string Joined = "joined";
    public const string MemberCleared = "member_cleared";

    /// <summary>A consequence whose causes no longer include the incident's root.</summary>
    public const string Left = "left";
    public const string Severity = "severity";
    public const string Acknowledged = "acknowledged";
    public const string Assigned = "assigned";
    public const string Note = "note";
    public const string Cleared = "cleared";
    public const string Reopened = "reopened";
    public const string Resolved = "resolved";
}
