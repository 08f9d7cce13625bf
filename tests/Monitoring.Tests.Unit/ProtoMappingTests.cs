using Monitoring.Gateway.Api;
using V1 = Monitoring.Api.V1;

namespace Monitoring.Tests.Unit;

public sealed class ProtoMappingTests
{
    public static TheoryData<Type, Type> EnumPairs => new()
    {
        { typeof(Contracts.Stage), typeof(V1.Stage) },
        { typeof(Contracts.NodeKind), typeof(V1.NodeKind) },
        { typeof(Contracts.TransportMode), typeof(V1.TransportMode) },
        { typeof(Contracts.Metric), typeof(V1.Metric) },
        { typeof(Contracts.ShipmentEventKind), typeof(V1.ShipmentEventKind) },
        { typeof(Contracts.Cause), typeof(V1.Cause) },
        { typeof(Contracts.Severity), typeof(V1.Severity) },
        { typeof(Contracts.DisruptionKind), typeof(V1.DisruptionKind) },
        { typeof(Contracts.DisruptionState), typeof(V1.DisruptionState) },
        { typeof(Contracts.OperationalStatus), typeof(V1.OperationalStatus) },
        { typeof(Contracts.SubjectType), typeof(V1.SubjectType) },
        { typeof(Contracts.MonitoringEventType), typeof(V1.EventType) },
    };

    /// <summary>Mapping casts enums, so every domain value must have the same number and name as its proto value.</summary>
    [Theory]
    [MemberData(nameof(EnumPairs))]
    public void Domain_and_proto_enums_have_the_same_values(Type domain, Type proto)
    {
        var domainValues = Enum.GetValues(domain).Cast<object>().ToDictionary(v => Convert.ToInt32(v), v => v.ToString());
        var protoValues = Enum.GetValues(proto).Cast<object>().Where(v => Convert.ToInt32(v) != 0).ToDictionary(v => Convert.ToInt32(v), v => v.ToString());

        Assert.Equal(protoValues, domainValues);
    }

    /// <summary>Messages to providers spell enum values as the proto does (METRIC_OUTPUT_TPD), not as C# does (OutputTpd).</summary>
    [Theory]
    [MemberData(nameof(EnumPairs))]
    public void Proto_names_of_domain_enums_are_the_names_in_the_proto(Type domain, Type proto)
    {
        foreach (var value in Enum.GetValues(domain).Cast<Enum>())
        {
            var protoValue = Enum.ToObject(proto, Convert.ToInt32(value));
            var original = proto.GetField(protoValue.ToString()!)!.GetCustomAttributes(typeof(Google.Protobuf.Reflection.OriginalNameAttribute), false)
                .Cast<Google.Protobuf.Reflection.OriginalNameAttribute>().Single().Name;
            Assert.Equal(original, Contracts.ProtoNames.Of(value));
        }
    }

    [Fact]
    public void Topology_survives_a_round_trip_through_protobuf()
    {
        var topology = TestTopologies.Chains("x");

        var back = ProtoMapping.ToDomain(ProtoMapping.ToProto(topology));

        Assert.Equal(topology.Name, back.Name);
        Assert.Equal(topology.Commodities, back.Commodities);
        Assert.Equal(topology.Nodes.Count, back.Nodes.Count);
        for (var i = 0; i < topology.Nodes.Count; i++)
        {
            Assert.Equal(topology.Nodes[i] with { Commodities = [] }, back.Nodes[i] with { Commodities = [] });
            Assert.Equal(topology.Nodes[i].Commodities, back.Nodes[i].Commodities);
        }
        Assert.Equal(topology.Lanes, back.Lanes);
    }
}
