namespace Monitoring.Domain.Indicators;

/// <summary>A loss of supply of <see cref="TonnesPerDay"/> from <see cref="StartDay"/> on.</summary>
public readonly record struct LossStep(double StartDay, double TonnesPerDay);
