using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Monitoring.Domain;
using Monitoring.Domain.Subjects;
using Monitoring.Gateway;
using Monitoring.Grains.Persistence;
using Monitoring.Hosting;

namespace Monitoring.Tests.Unit;

/// <summary>
/// The shape of the codebase (docs/architecture.md, "Where things live"): what may depend on what, how big a
/// file may grow, one type per file, and settings that say what is wrong with them.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string[] SourceFolders = ["contracts", "silo", "gateway", "hosting", "tools", "bench"];

    private static readonly Assembly Domain = typeof(SubjectEngine).Assembly;
    private static readonly Assembly Grains = typeof(GroupCommit).Assembly;
    private static readonly Assembly Hosting = typeof(OrleansHostingExtensions).Assembly;
    private static readonly Assembly Gateway = typeof(GatewayHostingExtensions).Assembly;

    [Fact]
    public void No_source_file_under_silo_gateway_or_hosting_is_longer_than_350_lines()
    {
        var long_ = SourceFiles("silo", "gateway", "hosting")
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".css", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal))
            .Select(f => (File: Relative(f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 350)
            .ToList();

        Assert.True(long_.Count == 0, string.Join("\n", long_.Select(f => $"{f.File}: {f.Lines} lines")));
    }

    [Fact]
    public void Every_source_file_declares_one_type_named_after_the_file()
    {
        var wrong = new List<string>();
        foreach (var file in SourceFiles(SourceFolders).Where(f => f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name is "Program" or "GlobalUsings") continue;
            var types = File.ReadLines(file).Select(l => TopLevelType().Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value).Distinct().ToList();
            // Partial classes may spread over files named Type.Concern.cs.
            if (types.Count != 1 || types[0] != name.Split('.')[0]) wrong.Add($"{Relative(file)}: {(types.Count == 0 ? "no type" : string.Join(", ", types))}");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_domain_depends_on_no_Orleans_runtime_and_on_no_grain()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name).ToList();
        var packages = PackageClosure("silo/Monitoring.Domain");

        Assert.DoesNotContain("Monitoring.Grains", references);
        Assert.DoesNotContain(references, r => r is "Orleans.Runtime" or "Orleans.Server" or "Orleans.Client" or "Orleans.Reminders");
        Assert.DoesNotContain(packages, p => p is "Microsoft.Orleans.Runtime" or "Microsoft.Orleans.Server" or "Microsoft.Orleans.Client" or "Microsoft.Orleans.Reminders");
        Assert.DoesNotContain("Monitoring.Grains", packages);
    }

    [Theory]
    [InlineData("tools/Monitoring.Client")]
    [InlineData("contracts/Monitoring.Api")]
    public void A_provider_client_pulls_in_nothing_of_Orleans_or_the_platform(string project)
    {
        var packages = PackageClosure(project);

        Assert.DoesNotContain(packages, p => p.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.DoesNotContain(packages, p => p is "Monitoring.Contracts" or "Monitoring.Domain" or "Monitoring.Grains" or "Microsoft.AspNetCore.App");
        Assert.Contains("Google.Protobuf", packages);
    }

    [Fact]
    public void The_gateway_uses_contracts_and_the_domain_but_no_grain_implementation()
    {
        var references = Gateway.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("Monitoring.Grains", references);
        Assert.Contains("Monitoring.Domain", references);
        Assert.Contains("Monitoring.Contracts", references);
    }

    [Fact]
    public void No_file_cites_the_design_blueprint_outside_the_repository()
    {
        var citing = SourceFiles([.. SourceFolders, "docs", "deploy", "tests", "examples"])
            .Append(Path.Combine(RepoPaths.Root, "README.md"))
            .Where(f => !f.EndsWith(".png", StringComparison.Ordinal) && File.ReadAllText(f).Contains("DESIGN" + " §", StringComparison.Ordinal))
            .Select(Relative)
            .ToList();

        Assert.True(citing.Count == 0, string.Join("\n", citing));
    }

    [Fact]
    public void Every_settings_type_bound_from_configuration_is_validated()
    {
        var settings = new[] { Domain, Grains, Hosting, Gateway }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsAbstract && t.GetMember("SectionName", BindingFlags.Public | BindingFlags.Static).Length > 0)
            .ToList();
        var validators = new[] { Hosting, Gateway }.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToHashSet();

        var unvalidated = settings.Where(t => !typeof(IValidatedOptions).IsAssignableFrom(t) && !validators.Contains(t)).Select(t => t.FullName).ToList();

        Assert.True(settings.Count >= 10, $"only {settings.Count} settings types found");
        Assert.True(unvalidated.Count == 0, string.Join("\n", unvalidated));
    }

    /// <summary>Files tracked under the given top-level folders (build output and npm modules left out).</summary>
    private static IEnumerable<string> SourceFiles(params string[] folders) =>
        folders.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, folder), "*", SearchOption.AllDirectories))
            .Where(f => !Ignored().IsMatch(f.Replace('\\', '/')));

    /// <summary>Every package and project in a project's restore closure (its project.assets.json).</summary>
    private static List<string> PackageClosure(string project)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, project, "obj", "project.assets.json")));
        return assets.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();
    }

    private static string Relative(string path) => Path.GetRelativePath(RepoPaths.Root, path);

    [GeneratedRegex(@"^(?:(?:public|internal|file|sealed|static|abstract|partial|readonly)\s+)*(?:class|record(?:\s+struct|\s+class)?|struct|enum|interface)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex TopLevelType();

    [GeneratedRegex(@"/(bin|obj|node_modules|artifacts)/|/wwwroot/lib/")]
    private static partial Regex Ignored();
}
