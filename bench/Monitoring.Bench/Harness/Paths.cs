namespace Monitoring.Bench.Harness;

/// <summary>The repository and the other projects' build output (same configuration as this harness: Release for real figures).</summary>
public static class Paths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the folder this harness was built into.</summary>
    public static string Configuration { get; } = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;

    public static string Output(string project) => Path.Combine(Root, project, "bin", Configuration, "net10.0");

    public static string Output(string project, string assembly)
    {
        var path = Path.Combine(Output(project), assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build the solution first (dotnet build -c {Configuration} Monitoring.sln)");
    }

    /// <summary>A loopback port free right now (for the processes the harness starts).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Monitoring.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Monitoring.sln not found above {AppContext.BaseDirectory}");
    }
}
