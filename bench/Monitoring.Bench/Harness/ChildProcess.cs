using System.Diagnostics;

namespace Monitoring.Bench.Harness;

/// <summary>
/// A process the harness started (null sink, gateway, silo, redis-server, load generator): output to a
/// log file (and, for the load process, each line to a callback), CPU time read from the OS, stopped
/// by killing exactly this process tree.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _logLock = new();
    private readonly Action<string>? _onLine;

    private ChildProcess(string name, Process process, StreamWriter log, Action<string>? onLine)
    {
        Name = name;
        _process = process;
        _log = log;
        _onLine = onLine;
    }

    public string Name { get; }

    public static ChildProcess Start(string name, string file, IEnumerable<string> arguments, string logDirectory,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var log = new StreamWriter(Path.Combine(logDirectory, name + ".log")) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, log, onLine);
        process.OutputDataReceived += (_, e) => child.Line(e.Data, forward: true);
        process.ErrorDataReceived += (_, e) => child.Line(e.Data, forward: false);
        try
        {
            if (!process.Start()) throw new InvalidOperationException($"{name}: {file} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Dispose();
            throw new InvalidOperationException($"cannot start {name}: '{file}' ({e.Message}); is it installed?", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>CPU time (user + system) the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public Task WaitForExitAsync(CancellationToken token) => _process.WaitForExitAsync(token);

    public int ExitCode => _process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }
        _process.Dispose();
        lock (_logLock) _log.Dispose();
    }

    private void Line(string? line, bool forward)
    {
        if (line is null) return;
        lock (_logLock)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
        if (forward) _onLine?.Invoke(line);
    }
}
