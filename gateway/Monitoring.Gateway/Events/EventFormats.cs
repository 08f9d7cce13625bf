using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf;
using Monitoring.Gateway.Api;
using V1 = Monitoring.Api.V1;

namespace Monitoring.Gateway.Events;

/// <summary>
/// A live event as its subscribers receive it, made once per event for all of them (and forgotten with the event):
/// the message Watch streams write, and the Server-Sent Events text the event stream writes, built from that message.
/// </summary>
public static class EventFormats
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private static readonly ConditionalWeakTable<Contracts.MonitoringEvent, V1.MonitoringEvent> Messages = new();
    private static readonly ConditionalWeakTable<Contracts.MonitoringEvent, string> Texts = new();

    /// <summary>The event's message (writing it only reads it, so streams share it).</summary>
    public static V1.MonitoringEvent Message(Contracts.MonitoringEvent e) => Messages.GetValue(e, ProtoMapping.ToProto);

    /// <summary>"event: disruption_opened", "id: …@version" for a disruption or incident, and the message as JSON in "data".</summary>
    public static string ServerSentEvent(Contracts.MonitoringEvent e) => Texts.GetValue(e, domain =>
    {
        var message = Message(domain);
        var text = new StringBuilder();
        text.Append("event: ").Append(Snake(message.Type.ToString())).Append('\n');
        if (message.Disruption is { } d) text.Append("id: ").Append(d.Id).Append('@').Append(d.Version).Append('\n');
        if (message.Incident is { } i) text.Append("id: ").Append(i.Id).Append('@').Append(i.Version).Append('\n');
        text.Append("data: ").Append(Json.Format(message)).Append("\n\n");
        return text.ToString();
    });

    /// <summary>"DisruptionOpened" → "disruption_opened".</summary>
    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
