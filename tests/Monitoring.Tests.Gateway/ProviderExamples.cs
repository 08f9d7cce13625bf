using System.Collections.Concurrent;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// The Node.js and Python provider examples (examples/node, examples/python) as the tests run them against a gateway:
/// each prepared once per test run (Node's packages restored when missing, Python's stubs generated), then its publish
/// script run with the settings a provider would give it (MONITORING_GATEWAY, MONITORING_API_KEY, FEED_ID, …).
/// </summary>
public static class ProviderExamples
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Prepared = new(StringComparer.Ordinal);

    /// <summary>The example's publisher (publish.js, publish.py).</summary>
    public static Task<ExternalTool.Result> PublishAsync(string language, IReadOnlyDictionary<string, string> settings) =>
        RunAsync(language, language == "node" ? "publish.js" : "publish.py", settings);

    /// <summary>The Node.js read-side client (examples/node/read.js): loads every public proto and reads a node.</summary>
    public static Task<ExternalTool.Result> ReadWithNodeAsync(IReadOnlyDictionary<string, string> settings) => RunAsync("node", "read.js", settings);

    private static async Task<ExternalTool.Result> RunAsync(string language, string script, IReadOnlyDictionary<string, string> settings)
    {
        var tool = language switch
        {
            "node" => "node",
            "python" => "/usr/bin/python3",
            _ => throw new ArgumentException($"no provider example in '{language}'", nameof(language)),
        };
        await Prepared.GetOrAdd(language, l => new Lazy<Task>(() => PrepareAsync(l))).Value;
        return await ExternalTool.RunAsync(tool, [script], DirectoryOf(language), settings, TimeSpan.FromMinutes(3));
    }

    private static async Task PrepareAsync(string language)
    {
        var directory = DirectoryOf(language);
        var prepared = language == "python"
            ? await ExternalTool.RunAsync("bash", ["generate.sh"], directory, timeout: TimeSpan.FromMinutes(1))
            : Restored(directory)
                ? null
                : await ExternalTool.RunAsync("npm", ["ci", "--silent", "--no-audit", "--no-fund"], directory, timeout: TimeSpan.FromMinutes(3));
        if (prepared is { ExitCode: not 0 }) throw new InvalidOperationException($"preparing the {language} example failed: {prepared}");
    }

    /// <summary>Whether node_modules holds what package-lock.json asks for: npm's own record of it is not older than the lock.</summary>
    private static bool Restored(string directory)
    {
        var installed = new FileInfo(Path.Combine(directory, "node_modules", ".package-lock.json"));
        return installed.Exists && installed.LastWriteTimeUtc >= File.GetLastWriteTimeUtc(Path.Combine(directory, "package-lock.json"));
    }

    private static string DirectoryOf(string language) => Path.Combine(RepoPaths.Root, "examples", language);
}
