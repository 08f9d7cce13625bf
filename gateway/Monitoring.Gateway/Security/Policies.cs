namespace Monitoring.Gateway.Security;

/// <summary>Authorization policies: who may read, and who may act on disruptions and the topology.</summary>
public static class Policies
{
    public const string Read = "read";
    public const string Operate = "operate";
    public const string Publish = "publish";

    /// <summary>The Orleans dashboard: admins, with their key or the admin session cookie.</summary>
    public const string OrleansDashboard = "orleans-dashboard";
}
