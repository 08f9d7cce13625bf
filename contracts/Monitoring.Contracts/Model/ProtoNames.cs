using System.Collections.Concurrent;
using System.Text;

namespace Monitoring.Contracts;

/// <summary>
/// An enum value as the public API spells it (monitoring.v1: <c>METRIC_OUTPUT_TPD</c>, <c>SHIPMENT_EVENT_KIND_DEPARTED</c>),
/// for messages a provider reads: its client knows the proto names, not this platform's C# ones. The domain enums mirror
/// the proto enums value for value (ProtoMappingTests checks these names against the proto's).
/// </summary>
public static class ProtoNames
{
    /// <summary>Enums whose proto type has another name.</summary>
    private static readonly IReadOnlyDictionary<Type, string> Prefixes = new Dictionary<Type, string> { [typeof(MonitoringEventType)] = "EVENT_TYPE" };

    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Of(Enum value) => Names.GetOrAdd(value, static v =>
    {
        var prefix = Prefixes.TryGetValue(v.GetType(), out var p) ? p : ScreamingSnake(v.GetType().Name);
        return Enum.IsDefined(v.GetType(), v) ? $"{prefix}_{ScreamingSnake(v.ToString())}" : $"{prefix} {Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)}";
    });

    /// <summary>OutputTpd → OUTPUT_TPD.</summary>
    private static string ScreamingSnake(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]) && (char.IsLower(pascal[i - 1]) || char.IsDigit(pascal[i - 1]) || (i + 1 < pascal.Length && char.IsLower(pascal[i + 1]))))
                text.Append('_');
            text.Append(char.ToUpperInvariant(pascal[i]));
        }
        return text.ToString();
    }
}
