namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.ScoreWeights")]
public sealed record ScoreWeights(double Availability, double Diversification, double Survivability, double Circularity, double FeedHealth)
{
    public static ScoreWeights Default { get; } = new(0.30, 0.20, 0.30, 0.10, 0.10);

    public double Sum => Availability + Diversification + Survivability + Circularity + FeedHealth;
}
