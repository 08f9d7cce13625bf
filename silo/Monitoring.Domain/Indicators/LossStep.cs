namespace Monitoring.Domain.Indicators;

/// <summary>A loss of supply of <see cref="TonnesPerDay"/> arriving from <see cref="StartDay"/> until <see cref="EndDay"/>.</summary>
public readonly record struct LossStep(double StartDay, double EndDay, double TonnesPerDay);
