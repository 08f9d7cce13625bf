namespace Monitoring.Contracts;

/// <summary>An observation refused on its own; the rest of the batch applies.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.ItemRejection")]
public sealed record ItemRejection(int Index, string Code, string Message);
