namespace Monitoring.Tests;

/// <summary>Files of the repository, found from the test's output directory.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ChileUsScenario => Path.Combine(Root, "deploy", "scenarios", "chile-us.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Monitoring.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Monitoring.sln not found above {AppContext.BaseDirectory}");
    }
}
