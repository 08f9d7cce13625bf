namespace Monitoring.Bench.Harness;

/// <summary>How to start this harness again as a child process (null sink, load generator).</summary>
public static class SelfCommand
{
    private static readonly bool ViaDotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? "dotnet") == "dotnet";

    public static string File => ViaDotnet ? "dotnet" : Environment.ProcessPath!;

    public static string[] Arguments => ViaDotnet ? [typeof(SelfCommand).Assembly.Location] : [];
}
