namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.StageLoss")]
public sealed record StageLoss(Stage Stage, double CapacityTonnesPerDay, double LostTonnesPerDay, double AvailableRatioDuring);
