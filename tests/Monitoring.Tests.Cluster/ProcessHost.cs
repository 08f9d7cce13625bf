using System.Diagnostics;

namespace Monitoring.Tests.Cluster;

/// <summary>
/// One child process of a fault test, its output appended to a log file under artifacts/cluster-logs.
/// Only the process started here is ever signalled or killed.
/// </summary>
public sealed class ProcessHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ProcessHost(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ProcessHost Start(string name, string logDirectory, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        Directory.CreateDirectory(logDirectory);
        var log = new StreamWriter(Path.Combine(logDirectory, $"{name}.log"), append: true) { AutoFlush = true };
        var argumentList = arguments.ToList();
        var process = ExternalTool.Start(fileName, argumentList, workingDirectory, environment, line => Write(log, line));
        Write(log, $"==> started {name} (pid {process.Id}): {fileName} {string.Join(' ', argumentList)}");
        return new ProcessHost(name, process, log);
    }

    /// <summary>SIGKILL: the process gets no chance to clean up (a crashed machine).</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        Write(_log, $"==> kill -9 {Name}");
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait: a graceful stop (the host's shutdown runs); killed if it takes too long.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited) return;
        Write(_log, $"==> stop {Name}");
        using var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        await term.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(40));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string line)
    {
        lock (log) log.WriteLine(line);
    }
}
