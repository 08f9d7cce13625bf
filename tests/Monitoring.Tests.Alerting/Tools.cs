using System.Diagnostics;
using System.Text;

namespace Monitoring.Tests.Alerting;

/// <summary>Runs the real Prometheus tools (Debian's prometheus and prometheus-alertmanager packages).</summary>
public static class Tools
{
    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}:\n{Output}";
    }

    public static string DeployPath(params string[] parts) => Path.Combine([RepoPaths.Root, "deploy", .. parts]);

    /// <summary>Runs a tool to completion (bounded), returning its exit code and its stdout and stderr together.</summary>
    public static async Task<Result> RunAsync(string tool, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        using var process = Start(tool, arguments, workingDirectory, out var output);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish in time:\n{output}");
        }
        process.WaitForExit(); // drains the output handlers
        lock (output) return new Result(process.ExitCode, output.ToString());
    }

    /// <summary>Starts a long-running tool; the caller owns it (and kills only it).</summary>
    public static Process Start(string tool, IEnumerable<string> arguments, string? workingDirectory, out StringBuilder output)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var buffer = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (buffer) buffer.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (buffer) buffer.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"cannot run {tool}: {e.Message}. Install Debian's prometheus and prometheus-alertmanager packages (./test.sh does).", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = buffer;
        return process;
    }
}
