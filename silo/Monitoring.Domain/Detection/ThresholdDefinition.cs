namespace Monitoring.Domain.Detection;

/// <summary>One tunable number of the detection rules: its key, default, allowed range and meaning.</summary>
public sealed record ThresholdDefinition(string Key, double Default, double Min, double Max, string Meaning, bool WholeNumber = false);
