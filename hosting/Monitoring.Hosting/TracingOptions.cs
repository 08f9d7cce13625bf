using Monitoring.Domain;

namespace Monitoring.Hosting;

/// <summary>
/// Distributed tracing of the hot path (configuration section "Tracing"; docs/runbook.md, "A slow detection"). Off
/// unless <see cref="OtlpEndpoint"/> is set: then nothing listens for spans and grain calls carry no trace context.
/// </summary>
public sealed class TracingOptions : IValidatedOptions
{
    public static string SectionName => "Tracing";

    /// <summary>Where spans go by OTLP, for example <c>http://jaeger:4317</c> (gRPC) or <c>http://jaeger:4318</c> (HTTP); empty: tracing off.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (4318; spans are posted to <c>/v1/traces</c>).</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>
    /// Share of provider batches traced, from 0 to 1. A trace starts at a gateway's batch; the grain calls it makes and the
    /// live events it produces join that trace. 0.01 traces one batch in a hundred, enough to find the slow ones at a few
    /// hundred batches a second; 1 traces all (a test or an investigation).
    /// </summary>
    public double SampleRatio { get; set; } = 0.01;

    public bool Enabled => !string.IsNullOrWhiteSpace(OtlpEndpoint);

    public IEnumerable<string> Problems()
    {
        if (Enabled && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
            yield return $"{SectionName}:OtlpEndpoint must be an absolute URL such as http://jaeger:4317 (or empty to trace nothing), not '{OtlpEndpoint}'";
        if (Protocol is not ("grpc" or "http/protobuf"))
            yield return $"{SectionName}:Protocol must be grpc or http/protobuf, not '{Protocol}'";
        if (!(SampleRatio is >= 0 and <= 1))
            yield return $"{SectionName}:SampleRatio must be between 0 and 1 (the share of batches traced), not {SampleRatio}";
    }
}
