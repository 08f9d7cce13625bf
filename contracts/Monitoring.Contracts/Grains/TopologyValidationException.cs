namespace Monitoring.Contracts.Grains;

/// <summary>A topology was refused; <see cref="Errors"/> lists every problem.</summary>
[GenerateSerializer, Alias("monitoring.TopologyValidationException")]
public sealed class TopologyValidationException : Exception
{
    public TopologyValidationException(IReadOnlyList<string> errors)
        : base($"topology is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}): " + string.Join("; ", errors.Take(20)))
    {
        Errors = errors;
    }

    [Id(0)]
    public IReadOnlyList<string> Errors { get; }
}
