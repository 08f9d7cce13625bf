using Monitoring.Feeder.Cli;

namespace Monitoring.Feeder;

public static class FeederProgram
{
    public static Task<int> Main(string[] args) => FeederCommands.Build().Parse(args).InvokeAsync();
}
