using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// A trace collector for tests: accepts OTLP over HTTP (protobuf, POST /v1/traces) on a loopback port, as Jaeger does on
/// 4318, and keeps the spans it is sent. Decodes only the fields the tests read, by their numbers in
/// opentelemetry/proto/trace/v1/trace.proto.
/// </summary>
public sealed class OtlpTraceReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Span> _spans = new();
    private readonly Task _serving;

    public OtlpTraceReceiver()
    {
        Port = FreePorts.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The collector's base address, as Tracing:OtlpEndpoint takes it.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<Span> Spans => [.. _spans];

    /// <summary>Requests that were not a POST to /v1/traces with a protobuf body (a wrong setup shows here).</summary>
    public int Refused { get; private set; }

    /// <param name="Service">The exporting process's service.name.</param>
    /// <param name="Links">Trace and span ids of the linked spans, hex.</param>
    public sealed record Span(string Service, string Name, string TraceId, string SpanId, string ParentSpanId, int Kind,
        IReadOnlyDictionary<string, string> Tags, IReadOnlyList<(string TraceId, string SpanId)> Links);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/v1/traces" && context.Request.ContentType == "application/x-protobuf")
            {
                foreach (var span in Decode(body.ToArray())) _spans.Enqueue(span);
                context.Response.ContentType = "application/x-protobuf";
                context.Response.StatusCode = 200;
            }
            else
            {
                Refused++;
                context.Response.StatusCode = 404;
            }
            context.Response.Close();
        }
    }

    /// <summary>ExportTraceServiceRequest: 1 resource_spans { 1 resource { 1 attributes }, 2 scope_spans { 2 spans } }.</summary>
    private static IEnumerable<Span> Decode(byte[] request)
    {
        foreach (var resourceSpans in Repeated(request, 1))
        {
            var service = "";
            foreach (var resource in Repeated(resourceSpans, 1))
            {
                if (Attributes(resource, 1).TryGetValue("service.name", out var name)) service = name;
            }
            foreach (var scopeSpans in Repeated(resourceSpans, 2))
            {
                foreach (var span in Repeated(scopeSpans, 2)) yield return DecodeSpan(service, span);
            }
        }
    }

    /// <summary>Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes, 13 links { 1 trace_id, 2 span_id }.</summary>
    private static Span DecodeSpan(string service, byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        var links = new List<(string, string)>();
        var input = new CodedInputStream(span);
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 2: spanId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 4: parent = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadInt32(); break;
                case 13:
                    var link = input.ReadBytes().ToByteArray();
                    links.Add((Convert.ToHexStringLower(Field(link, 1) ?? []), Convert.ToHexStringLower(Field(link, 2) ?? [])));
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new Span(service, name, traceId, spanId, parent, kind, Attributes(span, 9), links);
    }

    /// <summary>KeyValue { 1 key, 2 AnyValue { 1 string, 2 bool, 3 int, 4 double } }, every value as text.</summary>
    private static Dictionary<string, string> Attributes(byte[] message, int field)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var pair in Repeated(message, field))
        {
            var key = Field(pair, 1) is { } k ? System.Text.Encoding.UTF8.GetString(k) : "";
            var value = "";
            if (Field(pair, 2) is { } any)
            {
                var input = new CodedInputStream(any);
                for (uint tag; (tag = input.ReadTag()) != 0;)
                {
                    switch (WireFormat.GetTagFieldNumber(tag))
                    {
                        case 1: value = input.ReadString(); break;
                        case 2: value = input.ReadBool() ? "true" : "false"; break;
                        case 3: value = input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture); break;
                        case 4: value = input.ReadDouble().ToString(System.Globalization.CultureInfo.InvariantCulture); break;
                        default: input.SkipLastField(); break;
                    }
                }
            }
            attributes[key] = value;
        }
        return attributes;
    }

    private static byte[]? Field(byte[] message, int field) => Repeated(message, field).FirstOrDefault();

    /// <summary>Every length-delimited occurrence of <paramref name="field"/>.</summary>
    private static List<byte[]> Repeated(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes().ToByteArray());
            else
                input.SkipLastField();
        }
        return found;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
