using System.Globalization;

namespace Monitoring.Client;

/// <summary>Durations as command lines and settings write them.</summary>
public static class Durations
{
    /// <summary>"5s", "500ms", "2m", "1h", or a TimeSpan such as 00:00:05.</summary>
    public static TimeSpan Parse(string text, string option)
    {
        var units = new (string Suffix, double Seconds)[] { ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600) };
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return TimeSpan.FromSeconds(value * seconds);
            }
        }
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero) return span;
        throw new ArgumentException($"{option} '{text}' is not a duration (examples: 5s, 500ms, 2m)");
    }
}
