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

    public static async Task<ExternalTool.Result> PublishAsync(string language, IReadOnlyDictionary<string, string> settings)
    {
        await Prepared.GetOrAdd(language, l => new Lazy<Task>(() => PrepareAsync(l))).Value;
        var (tool, script) = language switch
        {
            "node" => ("node", "publish.js"),
            "python" => ("/usr/bin/python3", "publish.py"),
            _ => throw new ArgumentException($"no provider example in '{language}'", nameof(language)),
        };
        return await ExternalTool.RunAsync(tool, [script], DirectoryOf(language), settings, TimeSpan.FromMinutes(3));
    }

    /// <summary>The Node.js read-side client (examples/node/read.js): loads every public proto and reads a node.</summary>
    public static async Task<ExternalTool.Result> ReadWithNodeAsync(IReadOnlyDictionary<string, string> settings)
    {
        await Prepared.GetOrAdd("node", l => new Lazy<Task>(() => PrepareAsync(l))).Value;
        return await ExternalTool.RunAsync("node", ["read.js"], DirectoryOf("node"), settings, TimeSpan.FromMinutes(3));
    }

    private static async Task PrepareAsync(string language)
    {
        var directory = DirectoryOf(language);
        var prepared = language == "python"
            ? await ExternalTool.RunAsync("bash", ["generate.sh"], directory, timeout: TimeSpan.FromMinutes(1))
            // Restored when a package of package.json is missing (one added since the last restore, say).
            : Directory.Exists(Path.Combine(directory, "node_modules", "google-proto-files")) && Directory.Exists(Path.Combine(directory, "node_modules", "@grpc", "grpc-js"))
                ? null
                : await ExternalTool.RunAsync("npm", ["ci", "--silent", "--no-audit", "--no-fund"], directory, timeout: TimeSpan.FromMinutes(3));
        if (prepared is { ExitCode: not 0 }) throw new InvalidOperationException($"preparing the {language} example failed: {prepared}");
    }

    private static string DirectoryOf(string language) => Path.Combine(RepoPaths.Root, "examples", language);
}
