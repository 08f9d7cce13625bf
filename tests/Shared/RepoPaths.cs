namespace Monitoring.Tests;

/// <summary>Files of the repository, found from the test's output directory.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ChileUsScenario => Path.Combine(Root, "deploy", "scenarios", "chile-us.yaml");

    /// <summary>A path under deploy/.</summary>
    public static string Deploy(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    /// <summary>The build configuration these tests were built in (Debug, Release): the other projects' output is there too.</summary>
    public static string BuildConfiguration { get; } = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;

    /// <summary>A project's build output (also its content root: its appsettings.json lives there).</summary>
    public static string Output(string project) => Path.Combine(Root, project, "bin", BuildConfiguration, "net10.0");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Monitoring.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Monitoring.sln not found above {AppContext.BaseDirectory}");
    }
}
