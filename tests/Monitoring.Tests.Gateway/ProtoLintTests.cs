using System.Diagnostics;

namespace Monitoring.Tests.Gateway;

/// <summary>The monitoring.v1 protos pass buf lint (STANDARD rules), through tools/proto-lint/lint.sh.</summary>
public sealed class ProtoLintTests
{
    [Fact]
    public async Task The_protos_pass_buf_lint()
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tools", "proto-lint", "lint.sh"));
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, await stdout + await stderr);
        Assert.Contains("buf lint: no problems", await stdout);
    }
}
