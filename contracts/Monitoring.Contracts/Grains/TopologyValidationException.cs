namespace Monitoring.Contracts.Grains;

/// <summary>A topology was refused; <see cref="Errors"/> lists every problem, <see cref="Fields"/> the field path of each.</summary>
[GenerateSerializer, Alias("monitoring.TopologyValidationException")]
public sealed class TopologyValidationException : Exception
{
    public TopologyValidationException(IReadOnlyList<string> errors, IReadOnlyList<string>? fields = null)
        : base($"topology is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}): " + string.Join("; ", errors.Take(20)))
    {
        Errors = errors;
        Fields = fields ?? [];
    }

    [Id(0)]
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The path of the field each error is about ("nodes[2].country"), in the same order; empty when not known.</summary>
    [Id(1)]
    public IReadOnlyList<string> Fields { get; }
}
