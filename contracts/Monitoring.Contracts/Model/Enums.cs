using System.Collections.Concurrent;
using System.Text;

namespace Monitoring.Contracts;

// Domain enumerations. Their numeric values equal the monitoring.v1 proto enums (0 is the proto's
// UNSPECIFIED and never a valid domain value), so the gateway maps them with a checked cast; a unit
// test keeps both sides in step.

/// <summary>Stage of a supply chain a node contributes to for one commodity.</summary>
public enum Stage { Extraction = 1, Processing = 2, Manufacturing = 3, Recycling = 4, Logistics = 5, Consumption = 6 }

/// <summary>What a supply node physically is.</summary>
public enum NodeKind { Mine = 1, Brine = 2, Concentrator = 3, Smelter = 4, Refinery = 5, Port = 6, Warehouse = 7, Plant = 8, Recycler = 9, Consumer = 10 }

/// <summary>How a lane moves material.</summary>
public enum TransportMode { Sea = 1, Rail = 2, Road = 3, Pipeline = 4, Air = 5 }

/// <summary>A quantity measured at a node; the unit is part of the name.</summary>
public enum Metric { OutputTpd = 1, InventoryT = 2, ConsumptionTpd = 3, Utilization = 4, PowerAvailability = 5, HandledTpd = 6 }

/// <summary>What happened to a shipment.</summary>
public enum ShipmentEventKind { Departed = 1, Position = 2, Arrived = 3, Delayed = 4 }

/// <summary>Why a provider declared a disruption.</summary>
public enum Cause { Strike = 1, Weather = 2, Accident = 3, ExportRestriction = 4, PortClosure = 5, Power = 6, Maintenance = 7, Other = 8 }

/// <summary>Severity of a disruption; ordered, so comparisons mean "at least as bad as".</summary>
public enum Severity { Info = 1, Warning = 2, Critical = 3 }

/// <summary>The rule that raised a disruption.</summary>
public enum DisruptionKind { OutputDrop = 1, InventoryLow = 2, LaneDelay = 3, LaneBlocked = 4, FeedSilent = 5, Declared = 6, Anomaly = 7, UpstreamExposure = 8 }

/// <summary>Lifecycle state of a disruption.</summary>
public enum DisruptionState { Open = 1, Acknowledged = 2, Cleared = 3, Resolved = 4 }

/// <summary>Operational status of a node or lane.</summary>
public enum OperationalStatus { Operational = 1, Degraded = 2, Disrupted = 3, Unknown = 4 }

/// <summary>Whether a subject id names a node or a lane.</summary>
public enum SubjectType { Node = 1, Lane = 2 }

/// <summary>Kinds of live event.</summary>
public enum MonitoringEventType
{
    DisruptionOpened = 1,
    DisruptionUpdated = 2,
    DisruptionAcknowledged = 3,
    DisruptionCleared = 4,
    DisruptionResolved = 5,
    TopologyChanged = 6,
    IndicatorsChanged = 7,
}

public static class DisruptionStateExtensions
{
    /// <summary>OPEN and ACKNOWLEDGED disruptions still need attention.</summary>
    public static bool IsActive(this DisruptionState state) => state is DisruptionState.Open or DisruptionState.Acknowledged;
}

public static class OperationalStatusExtensions
{
    /// <summary>How bad a status is, to pick the worst of several: disrupted over degraded over unknown over operational.</summary>
    public static int Rank(this OperationalStatus status) => status switch
    {
        OperationalStatus.Disrupted => 3,
        OperationalStatus.Degraded => 2,
        OperationalStatus.Unknown => 1,
        _ => 0,
    };
}

/// <summary>
/// Enum values as metric label values: lower snake case ("lane_blocked", "critical"), the way
/// Prometheus users write them. Cached: labels are formatted on metric paths.
/// </summary>
public static class MetricLabel
{
    private static readonly ConcurrentDictionary<Enum, string> Cache = new();

    public static string Of(Enum value) => Cache.GetOrAdd(value, static v =>
    {
        var name = v.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) builder.Append('_');
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    });
}
