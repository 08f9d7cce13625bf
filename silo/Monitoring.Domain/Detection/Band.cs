namespace Monitoring.Domain.Detection;

/// <summary>
/// Fire, critical and clear thresholds of a rule on one quantity. For a quantity where low is bad
/// (output, days of cover) it fires below <see cref="Fire"/>, is critical below <see cref="Critical"/>
/// and clears above <see cref="Clear"/>; where high is bad (transit delay) the comparisons turn round.
/// The gap between fire and clear is the hysteresis that keeps a value near a threshold from flapping.
/// </summary>
public sealed record Band(double Fire, double Critical, double Clear, bool HighIsBad)
{
    /// <summary>Strictly beyond a threshold in the bad direction ("below 7", "above 1.25"); the threshold itself is not.</summary>
    public bool Beyond(double value, double threshold) => HighIsBad ? value > threshold : value < threshold;

    /// <summary>Severity a fresh disruption opens with, or null when the value does not fire.</summary>
    public Severity? Opening(double value) =>
        Beyond(value, Critical) ? Severity.Critical : Beyond(value, Fire) ? Severity.Warning : null;

    /// <summary>The value is back on the good side of the clear threshold.</summary>
    public bool Recovered(double value) => HighIsBad ? value < Clear : value > Clear;

    /// <summary>
    /// Severity of an open disruption after a new value: escalates as soon as the value is beyond the
    /// critical threshold, and goes back to WARNING only half-way back to the fire threshold.
    /// </summary>
    public Severity Adjusted(Severity current, double value)
    {
        if (current != Severity.Critical) return Beyond(value, Critical) ? Severity.Critical : current;
        var halfWay = (Fire + Critical) / 2;
        return Beyond(value, halfWay) ? Severity.Critical : Severity.Warning;
    }

    public double ThresholdFor(Severity severity) => severity == Severity.Critical ? Critical : Fire;
}
