namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.Gap")]
public sealed record Gap(GapKind Kind, Stage? Stage, string Subject, string Description, double LostVolumeTonnes, double Value, double Threshold);
