using System.IO.Compression;

namespace Monitoring.Tests.Cluster;

/// <summary>
/// The provider client as a provider gets it: `dotnet pack` makes the Monitoring.Client and Monitoring.Api
/// packages, and a project outside the repository that references Monitoring.Client alone builds against them
/// and pulls in nothing of Orleans or the platform's internals.
/// </summary>
public sealed class ClientPackageTests
{
    [Fact]
    public async Task A_provider_project_builds_on_the_client_package_alone_without_Orleans()
    {
        // A version of its own, so the global package cache never serves an older build of the same number.
        var version = $"0.0.0-test.{Guid.NewGuid():N}";
        var work = Directory.CreateTempSubdirectory("monitoring-client-package-");
        var feed = Path.Combine(work.FullName, "feed");
        var consumer = Path.Combine(work.FullName, "consumer");
        try
        {
            foreach (var project in new[] { "contracts/Monitoring.Api", "tools/Monitoring.Client" })
            {
                var pack = await Dotnet(["pack", Path.Combine(RepoPaths.Root, project), "-c", RepoPaths.BuildConfiguration, "--no-build", "-o", feed, $"-p:PackageVersion={version}", "-nologo"]);
                Assert.True(pack.ExitCode == 0, pack.ToString());
            }
            using (var client = ZipFile.OpenRead(Path.Combine(feed, $"Monitoring.Client.{version}.nupkg")))
            {
                Assert.Contains(client.Entries, e => e.FullName == "README.md");
                Assert.Contains(client.Entries, e => e.FullName == "lib/net10.0/Monitoring.Client.dll");
            }
            using (var api = ZipFile.OpenRead(Path.Combine(feed, $"Monitoring.Api.{version}.nupkg")))
            {
                Assert.Contains(api.Entries, e => e.FullName == "protos/monitoring/v1/feed.proto");
            }

            Directory.CreateDirectory(consumer);
            await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"),
                $"""<configuration><packageSources><add key="client" value="{feed}" /></packageSources></configuration>""");
            await File.WriteAllTextAsync(Path.Combine(consumer, "Provider.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
                  <ItemGroup><PackageReference Include="Monitoring.Client" Version="{version}" /></ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), """
                using Monitoring.Api.V1;
                using Monitoring.Client;

                var options = new FeedPublisherOptions { Endpoints = [new Uri(args[0])], FeedId = "provider-feed" };
                var batch = new List<Observation> { new() { Measurement = new NodeMeasurement { NodeId = "mine.cl.x", Metric = Metric.OutputTpd, Value = 1 } } };
                await using var publisher = new FeedPublisher(options);
                await publisher.PublishAsync(batch);
                """);

            var build = await Dotnet(["build", consumer, "-nologo"]);
            Assert.True(build.ExitCode == 0, build.ToString());
            var list = await Dotnet(["list", consumer, "package", "--include-transitive"]);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Contains("Monitoring.Api", list.Output);
            Assert.Contains("Grpc.Net.Client", list.Output);
            Assert.DoesNotContain("Orleans", list.Output);
            Assert.DoesNotContain("Monitoring.Contracts", list.Output);
        }
        finally
        {
            work.Delete(recursive: true);
            var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            foreach (var id in new[] { "monitoring.client", "monitoring.api" })
            {
                var cached = Path.Combine(cache, id, version);
                if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
                if (Directory.Exists(Path.GetDirectoryName(cached)) && !Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(cached)!).Any()) Directory.Delete(Path.GetDirectoryName(cached)!);
            }
        }
    }

    private static Task<ExternalTool.Result> Dotnet(IEnumerable<string> arguments) =>
        ExternalTool.RunAsync("dotnet", arguments, timeout: TimeSpan.FromMinutes(3));
}
