using System.Text.RegularExpressions;

namespace Monitoring.Contracts;

/// <summary>The id rule shared by nodes, lanes, feeds, providers (owners) and candidate projects (not report or shipment ids, which are the provider's own text).</summary>
public static partial class Identifiers
{
    /// <summary>Human-readable form of the pattern, for error messages.</summary>
    public const string Pattern = "[a-z0-9][a-z0-9._:-]{0,63}";

    /// <summary><see cref="Pattern"/> in words, for messages.</summary>
    public const string Rule = "1 to 64 characters: lowercase letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    [GeneratedRegex("^[a-z0-9][a-z0-9._:-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();

    public static bool IsValid(string? id) => id is not null && IdRegex().IsMatch(id);

    /// <summary>Separator between the subject id and the rule part of a disruption id.</summary>
    public const string DisruptionSeparator = "--";

    /// <summary>The subject a disruption id belongs to, or null when the id is not one of ours.</summary>
    public static string? SubjectOfDisruption(string disruptionId)
    {
        var at = disruptionId.LastIndexOf(DisruptionSeparator, StringComparison.Ordinal);
        return at > 0 ? disruptionId[..at] : null;
    }
}
