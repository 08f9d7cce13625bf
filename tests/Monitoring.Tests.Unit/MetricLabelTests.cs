using Monitoring.Contracts;

namespace Monitoring.Tests.Unit;

public sealed class MetricLabelTests
{
    [Theory]
    [InlineData(DisruptionKind.LaneBlocked, "lane_blocked")]
    [InlineData(DisruptionKind.UpstreamExposure, "upstream_exposure")]
    [InlineData(DisruptionKind.Declared, "declared")]
    [InlineData(Severity.Critical, "critical")]
    [InlineData(OperationalStatus.Operational, "operational")]
    [InlineData(NodeKind.Port, "port")]
    public void Enum_values_become_lower_snake_case_label_values(Enum value, string label) => Assert.Equal(label, MetricLabel.Of(value));
}
