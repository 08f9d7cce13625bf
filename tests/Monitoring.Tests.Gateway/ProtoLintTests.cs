namespace Monitoring.Tests.Gateway;

/// <summary>The monitoring.v1 protos pass buf lint (STANDARD rules), through tools/proto-lint/lint.sh.</summary>
public sealed class ProtoLintTests
{
    [Fact]
    public async Task The_protos_pass_buf_lint()
    {
        var result = await ExternalTool.RunAsync("bash", [Path.Combine(RepoPaths.Root, "tools", "proto-lint", "lint.sh")], timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("buf lint: no problems", result.Output);
    }
}
