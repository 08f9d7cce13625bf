using System.Diagnostics;
using System.Text;

namespace Monitoring.Tests;

/// <summary>
/// Runs programs the tests need from outside .NET (promtool, amtool, bash scripts, node, npm,
/// docker-compose, yamllint, dotnet): to completion and bounded in time, or started and left to the caller.
/// </summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}:\n{Output}";
    }

    /// <summary>Runs a tool to completion, returning its exit code and its stdout and stderr together; killed and a TimeoutException after <paramref name="timeout"/> (60 s).</summary>
    public static async Task<Result> RunAsync(
        string tool, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Start(tool, arguments, workingDirectory, environment, out var output);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish in time:\n{output}");
        }
        process.WaitForExit(); // drains the output handlers
        lock (output) return new Result(process.ExitCode, output.ToString());
    }

    /// <summary>Starts a long-running tool (in the repository root unless told otherwise); the caller owns it and kills only it.</summary>
    public static Process Start(
        string tool, IEnumerable<string> arguments, string? workingDirectory, IReadOnlyDictionary<string, string>? environment, out StringBuilder output)
    {
        var buffer = new StringBuilder();
        output = buffer;
        return Start(tool, arguments, workingDirectory, environment, line => { lock (buffer) buffer.AppendLine(line); });
    }

    /// <summary>Starts a tool, handing each line of its stdout and stderr to <paramref name="onLine"/> (from any thread).</summary>
    public static Process Start(
        string tool, IEnumerable<string> arguments, string? workingDirectory, IReadOnlyDictionary<string, string>? environment, Action<string> onLine)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"cannot run {tool}: {e.Message}. ./test.sh installs the Debian and npm packages the tests need.", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
