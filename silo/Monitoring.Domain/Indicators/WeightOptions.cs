namespace Monitoring.Domain.Indicators;

/// <summary>Bindable weights of the resilience score (defaults: docs/indicators.md).</summary>
public sealed class WeightOptions
{
    public double Availability { get; set; } = ScoreWeights.Default.Availability;
    public double Diversification { get; set; } = ScoreWeights.Default.Diversification;
    public double Survivability { get; set; } = ScoreWeights.Default.Survivability;
    public double Circularity { get; set; } = ScoreWeights.Default.Circularity;
    public double FeedHealth { get; set; } = ScoreWeights.Default.FeedHealth;

    public ScoreWeights ToScoreWeights() => new(Availability, Diversification, Survivability, Circularity, FeedHealth);
}
