using System.Text.RegularExpressions;

namespace Monitoring.Client;

/// <summary>
/// The rule a feed id follows (docs/api.md). The gateway refuses any other id; the publisher checks it
/// first, so a typo fails at once instead of at the first batch.
/// </summary>
public static partial class FeedIds
{
    /// <summary>Lower-case letters, digits and <c>. _ : -</c>, starting with a letter or digit, at most 64 characters.</summary>
    public const string Pattern = "[a-z0-9][a-z0-9._:-]{0,63}";

    [GeneratedRegex("^" + Pattern + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Regex();

    public static bool IsValid(string? id) => id is not null && Regex().IsMatch(id);
}
