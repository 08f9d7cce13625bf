namespace Monitoring.Bench.Harness;

/// <summary>Lines the load process writes to stdout for the harness.</summary>
public static class LoadProtocol
{
    public const string Progress = "progress ";
    public const string Result = "result ";

    /// <summary>Printed exactly when the measured window starts and ends.</summary>
    public const string WindowStart = "window start";

    public const string WindowEnd = "window end";
}
