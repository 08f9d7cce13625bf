namespace Monitoring.Gateway.Api;

/// <summary>A faulty field of a request: its path in the request ("node_ids[2]", "candidates[0].capacity_tpd") and what is wrong.</summary>
public sealed record FieldViolation(string Field, string Description);
