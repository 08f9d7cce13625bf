using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Monitoring.Api.V1;
using Xunit.Abstractions;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// The gateway of the other tests, with state written as soon as it changes (memory store: no reason to
/// group writes), so that a fuzz run of 100,000 requests takes seconds, and two chains of its own: "fuzz"
/// (whose counts the test keeps) and "mutant" (what corrupted messages name).
/// </summary>
public sealed class FuzzGatewayFixture : GatewayFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Checkpoint:Interval"] = "00:00:00.050",
    };

    public override Contracts.TopologySpec? InitialTopology => TestTopologies.Chains("fuzz", "mutant");
}

/// <summary>
/// Runs alone, after the parallel collections, so that the heap it measures is its own gateway's (and its
/// stopping cannot blank the shared-name meters of gateways whose tests still read /metrics).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzGatewayCollection : ICollectionFixture<FuzzGatewayFixture>
{
    public const string Name = "fuzz gateway";
}

/// <summary>
/// At least 100,000 random and corrupted requests through real gRPC connections: well-framed batches full
/// of bad values (NaN, infinities, huge strings, unknown enums, timestamps out of the window, foreign and
/// unknown subjects, broken shipment lifecycles), duplicate and out-of-order sequences, random bytes,
/// truncated and oversized frames, and valid messages with bytes flipped, inserted or cut. The gateway
/// must answer each with an ack or a documented status, keep serving, apply exactly the items it
/// acknowledged as accepted (and nothing of what it refused), and keep its memory bounded through the run
/// and then through every limit of docs/security.md met once more.
/// </summary>
[Collection(FuzzGatewayCollection.Name)]
public sealed class FuzzTests(FuzzGatewayFixture gateway, ITestOutputHelper output)
{
    private const int WellFramedBatches = 20_000;
    private const int RawRequests = 80_000;
    private const int Streams = 8;

    /// <summary>The statuses docs/api.md documents for a Publish stream.</summary>
    private static readonly HashSet<StatusCode> Publish =
    [
        StatusCode.OK, StatusCode.InvalidArgument, StatusCode.PermissionDenied, StatusCode.ResourceExhausted,
        StatusCode.Internal, // "Incomplete message" and the like, from the gRPC library before the gateway's code
        StatusCode.FailedPrecondition, // a mutated sequence far below the feed's highest (docs/api.md)
    ];

    /// <summary>… and for a unary call whose message the gRPC library cannot decode, or that names nothing.</summary>
    private static readonly HashSet<StatusCode> Unary = [StatusCode.OK, StatusCode.InvalidArgument, StatusCode.ResourceExhausted, StatusCode.Internal, StatusCode.Unknown, StatusCode.NotFound];

    private static readonly string[] Nodes = ["fuzz.mine", "fuzz.port", "fuzz.plant"];
    private static readonly string[] Lanes = ["fuzz.lane.mine-port", "fuzz.lane.port-plant"];

    [Fact]
    public async Task A_hundred_thousand_random_and_corrupted_requests_get_acks_or_documented_statuses_and_change_only_what_was_accepted()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : Environment.TickCount;
        output.WriteLine($"seed {seed} (FUZZ_SEED={seed} repeats this run)");
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var started = DateTime.UtcNow;

        var ledger = new Ledger();
        var streams = Enumerable.Range(0, Streams).Select(i => Task.Run(() => PublishWellFramedAsync(i, new Random(seed + i), WellFramedBatches / Streams, ledger))).ToList();
        var raw = Enumerable.Range(0, Streams).Select(i => Task.Run(() => SendRawAsync(new Random(seed + 1000 + i), RawRequests / Streams, ledger))).ToList();
        var streamsDone = Task.WhenAll(streams).ContinueWith(_ => DateTime.UtcNow);
        var rawDone = Task.WhenAll(raw).ContinueWith(_ => DateTime.UtcNow);
        await Task.WhenAll(streams.Concat(raw));
        output.WriteLine($"well-framed streams done after {((await streamsDone) - started).TotalSeconds:0.0} s, raw requests after {((await rawDone) - started).TotalSeconds:0.0} s");

        output.WriteLine($"{ledger.Requests:N0} requests in {(DateTime.UtcNow - started).TotalSeconds:0.0} s; Publish statuses: {Show(ledger.Statuses)}; unary: {Show(ledger.UnaryStatuses)}");
        output.WriteLine($"rejections: {Show(ledger.RejectionCodes)}");
        output.WriteLine($"raw: {Show(ledger.RawStatuses)}");
        foreach (var p in ledger.Problems) output.WriteLine("problem: " + p);
        Assert.True(ledger.Requests >= 100_000, $"only {ledger.Requests} requests");
        Assert.All(ledger.Statuses.Keys, code => Assert.Contains(code, Publish));
        Assert.All(ledger.UnaryStatuses.Keys, code => Assert.Contains(code, Unary));
        Assert.All(ledger.MissingMethodStatuses.Keys, code => Assert.Equal(StatusCode.Unimplemented, code));
        Assert.Empty(ledger.Problems);

        // Exactly what was acknowledged as accepted is applied: nothing refused, nothing from a batch that ended its stream.
        foreach (var node in Nodes)
        {
            var applied = (await gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = node }, GatewayFixture.Admin)).ObservationsApplied;
            Assert.True(ledger.Accepted(node) == (long)applied, $"{node}: {applied} applied, {ledger.Accepted(node)} acknowledged");
        }
        foreach (var lane in Lanes)
        {
            var applied = (await gateway.Monitoring.GetLaneAsync(new GetLaneRequest { LaneId = lane }, GatewayFixture.Admin)).ObservationsApplied;
            Assert.True(ledger.Accepted(lane) == (long)applied, $"{lane}: {applied} applied, {ledger.Accepted(lane)} acknowledged");
        }
        Assert.True(Nodes.Concat(Lanes).Sum(ledger.Accepted) > 1_000, "the run applied too little to prove anything");

        // Then the limits of docs/security.md, each met and refused.
        await HitTheLimitsAsync();

        // Still serving, and its memory did not grow with the traffic.
        var ack = Assert.Single(await gateway.Feed.PublishAsync(Observations.Batch("after-fuzz", 1, Observations.Output("fuzz.mine", 700))));
        Assert.Equal(1U, ack.Accepted);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"managed heap {heapBefore / 1e6:0.0} MB before, {heapAfter / 1e6:0.0} MB after the fuzz run and the limits");
        Assert.True(heapAfter - heapBefore < 100_000_000, $"the heap grew by {(heapAfter - heapBefore) / 1e6:0} MB");
    }

    /// <summary>
    /// 300 event streams from one key, 300,000 ranking candidates, a topology nested 100,000 deep, 200 batches far below
    /// their feed's window and 2,000 declared reports on one node: each refused as documented.
    /// </summary>
    private async Task HitTheLimitsAsync()
    {
        using (var viewer = new HttpClient { BaseAddress = gateway.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) })
        {
            viewer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFixture.StreamViewerKey);
            var streams = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => viewer.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead)));
            Assert.Equal(250, streams.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
            foreach (var stream in streams) stream.Dispose();
        }

        var ranking = new RankProjectsRequest();
        for (var i = 0; i < 300_000; i++) ranking.Candidates.Add(new CandidateProject());
        var refused = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.RankProjectsAsync(ranking, GatewayFixture.Admin).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);

        var deep = new ApplyTopologyRequest { Yaml = "name: deep\nnodes: " + new string('[', 100_000) + new string(']', 100_000) + "\n" };
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => gateway.Topology.ApplyTopologyAsync(deep, GatewayFixture.Admin).ResponseAsync)).StatusCode);

        await gateway.Feed.PublishAsync(Observations.Batch("limits-seq", 10_000, Observations.Output("fuzz.port", 700, metric: Metric.HandledTpd)));
        for (var i = 1; i <= 200; i++)
        {
            var low = await Assert.ThrowsAsync<RpcException>(() => gateway.Feed.PublishAsync(Observations.Batch("limits-seq", (ulong)i, Observations.Output("fuzz.port", 700, metric: Metric.HandledTpd))));
            Assert.Equal(StatusCode.FailedPrecondition, low.StatusCode);
        }

        var opened = 0;
        for (var batch = 0; batch < 20; batch++)
        {
            var reports = Enumerable.Range(batch * 100, 100).Select(i => Observations.Declare("fuzz.mine", $"limits-{i}")).ToArray();
            opened += (int)Assert.Single(await gateway.FeedAs(GatewayFixture.MineProviderKey).PublishAsync(Observations.Batch("test-mine-limits", (ulong)batch + 1, reports))).Accepted;
        }
        // The fuzz run may have left some open on the node already: together they stop at the node's cap.
        var declared = (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "fuzz.mine", Kind = DisruptionKind.Declared }, GatewayFixture.Admin)).Disruptions;
        Assert.Equal(20, declared.Count);
        Assert.InRange(opened, 1, 20);
    }

    private static string Show<TKey>(Dictionary<TKey, long> tally) where TKey : notnull =>
        string.Join(", ", tally.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value:N0}"));

    /// <summary>Batches on real gRPC streams, as a provider and as an admin; every ack is checked against what was sent.</summary>
    private async Task PublishWellFramedAsync(int stream, Random random, int batches, Ledger ledger)
    {
        var asProvider = stream % 2 == 1; // owns fuzz.mine only ("test-mine"): the rest is PERMISSION_DENIED item by item
        var client = asProvider ? gateway.FeedAs(GatewayFixture.MineProviderKey) : gateway.Feed;
        var feed = asProvider ? $"test-mine-fuzz-{stream}" : $"fuzz-{stream}";
        ulong next = 1;
        var sent = 0;
        (PublishRequest Batch, uint Accepted)? lastAcked = null;
        while (sent < batches)
        {
            using var call = client.Publish(deadline: DateTime.UtcNow.AddMinutes(2));
            var pending = new Queue<(PublishRequest Batch, uint? ResentAccepted)>();
            var reader = Task.Run(async () =>
            {
                await foreach (var ack in call.ResponseStream.ReadAllAsync())
                {
                    (PublishRequest Batch, uint? ResentAccepted) expected;
                    bool known;
                    lock (pending) known = pending.TryDequeue(out expected);
                    if (!known)
                    {
                        ledger.Problem($"stream {stream}: ack {ack.Sequence} for a batch that should have been refused");
                        continue;
                    }
                    ledger.Check(expected.Batch, expected.ResentAccepted, ack);
                    if (expected.ResentAccepted is null) lastAcked = (expected.Batch, ack.Accepted);
                }
            });
            // A new stream may start by resending the last acknowledged batch, as a provider does after a
            // reconnect: acknowledged as a duplicate, applied once.
            var batchesOnStream = new List<(PublishRequest Batch, uint? ResentAccepted)>();
            if (lastAcked is { } resend && resend.Batch.Sequence + 1 == next && random.Next(3) == 0)
                batchesOnStream.Add((resend.Batch, resend.Accepted));
            var length = random.Next(1, 200);
            var refused = false;
            for (var i = 0; i < length && sent + batchesOnStream.Count < batches; i++)
            {
                if (random.NextDouble() < 0.02)
                {
                    // A gap, sequence 0, an invalid or foreign feed, or too many observations: the stream ends, nothing of it applied.
                    batchesOnStream.Add((Refused(random, feed, next, first: batchesOnStream.Count == 0), null));
                    refused = true;
                    break;
                }
                batchesOnStream.Add((Observations.Batch(feed, next++, Enumerable.Range(0, random.Next(1, 9)).Select(_ => RandomObservation(random)).ToArray()), null));
            }
            for (var i = 0; i < batchesOnStream.Count; i++)
            {
                var (batch, resentAccepted) = batchesOnStream[i];
                var isRefused = refused && i == batchesOnStream.Count - 1;
                if (!isRefused) lock (pending) pending.Enqueue((batch, resentAccepted));
                ledger.Count();
                sent++;
                try
                {
                    await call.RequestStream.WriteAsync(batch);
                }
                catch (Exception e) when (e is RpcException or InvalidOperationException)
                {
                    break; // the server ended the stream; the reader reports why
                }
            }
            try
            {
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException)
            {
            }
            try
            {
                await reader;
                ledger.Add(ledger.Statuses, StatusCode.OK);
                if (refused) ledger.Problem($"stream {stream}: a batch it had to refuse was accepted");
            }
            catch (RpcException e)
            {
                ledger.Add(ledger.Statuses, e.StatusCode);
                if (!refused || e.StatusCode is not (StatusCode.InvalidArgument or StatusCode.PermissionDenied))
                    ledger.Problem($"stream {stream}: unexpected {e.StatusCode}: {e.Status.Detail}");
            }
            lock (pending)
            {
                if (pending.Count > 0) ledger.Problem($"stream {stream}: {pending.Count} batches sent before the stream ended were not acknowledged");
            }
        }
    }

    /// <summary>A batch the gateway must refuse (a stream's first batch may start at any sequence, so no gap there).</summary>
    private static PublishRequest Refused(Random random, string feed, ulong next, bool first) => random.Next(first ? 1 : 0, 5) switch
    {
        0 => Observations.Batch(feed, next + (ulong)random.Next(2, 1000), Observations.Output("fuzz.mine", 1)),
        1 => Observations.Batch(feed, 0, Observations.Output("fuzz.mine", 1)),
        2 => Observations.Batch(RandomString(random, random.Next(1, 3) == 1 ? 100_000 : 70), next, Observations.Output("fuzz.mine", 1)),
        3 => Observations.Batch("", next, Observations.Output("fuzz.mine", 1)),
        _ => Observations.Batch(feed, next, Enumerable.Range(0, 10_001).Select(_ => Observations.Output("fuzz.mine", 1)).ToArray()),
    };

    /// <summary>An observation that is valid about one time in three; otherwise broken in one of many ways.</summary>
    private static Observation RandomObservation(Random random)
    {
        var now = DateTimeOffset.UtcNow;
        var at = Timestamp.FromDateTimeOffset(now.AddSeconds(-random.Next(0, 3600)));
        var o = new Observation { ObservedAt = at };
        switch (random.Next(10) switch { < 5 => 0, < 9 => 1, _ => 2 })
        {
            case 0:
                o.Measurement = new NodeMeasurement { NodeId = Pick(random, Nodes), Metric = (Metric)random.Next(1, 7), Value = random.NextDouble() * 500 };
                break;
            case 1:
                o.Shipment = new ShipmentEvent
                {
                    LaneId = Pick(random, Lanes), ShipmentId = $"ship-{random.Next(20)}", Kind = (ShipmentEventKind)random.Next(1, 5),
                    QuantityT = random.NextDouble() * 1000, Eta = Timestamp.FromDateTimeOffset(now.AddHours(random.Next(1, 400))),
                };
                break;
            default:
                o.Report = new DisruptionReport
                {
                    SubjectId = Pick(random, [.. Nodes, .. Lanes]), ReportId = $"report-{random.Next(10)}", Cause = (Cause)random.Next(1, 5),
                    Severity = (Severity)random.Next(1, 4), Message = "fuzz", Clear = random.Next(4) == 0,
                    ExpectedDuration = Duration.FromTimeSpan(TimeSpan.FromHours(random.Next(1, 100))),
                };
                break;
        }
        if (random.Next(3) == 0) return o;
        Break(random, o);
        return o;
    }

    private static void Break(Random random, Observation o)
    {
        double Bad() => random.Next(6) switch { 0 => double.NaN, 1 => double.PositiveInfinity, 2 => double.NegativeInfinity, 3 => -1, 4 => 1e300, _ => double.Epsilon * -1 };
        string HugeOrOdd() => random.Next(5) switch { 0 => RandomString(random, random.Next(65, 5000)), 1 => "Upper.Case", 2 => "", 3 => "fuzz.nowhere", _ => "mutant.mine" };
        switch (random.Next(9))
        {
            case 0: o.ObservedAt = null; break;
            case 1: o.ObservedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(random.Next(1, 1000))); break;
            case 2: o.ObservedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-random.Next(8, 5000))); break;
            case 3: o.ObservedAt = new Timestamp { Seconds = random.NextInt64(long.MinValue / 2, long.MaxValue / 2), Nanos = random.Next(int.MinValue, int.MaxValue) }; break;
            case 4:
                if (o.Measurement is { } m) m.Value = Bad();
                else if (o.Shipment is { } sh) sh.QuantityT = Bad();
                else o.Report.ExpectedDuration = new Duration { Seconds = -random.Next(1, 100) };
                break;
            case 5:
                if (o.Measurement is { } m2) m2.Metric = (Metric)random.Next(7, int.MaxValue);
                else if (o.Shipment is { } sh2) sh2.Kind = random.Next(2) == 0 ? ShipmentEventKind.Unspecified : (ShipmentEventKind)random.Next(5, 1000);
                else o.Report.Severity = (Severity)random.Next(-1000, 0);
                break;
            case 6:
                if (o.Measurement is { } m3) m3.NodeId = HugeOrOdd();
                else if (o.Shipment is { } sh3) sh3.LaneId = random.Next(2) == 0 ? HugeOrOdd() : Pick(random, Nodes); // a node where a lane belongs
                else o.Report.SubjectId = HugeOrOdd();
                break;
            case 7:
                if (o.Shipment is { } sh4) { sh4.ShipmentId = RandomString(random, random.Next(129, 100_000)); sh4.Lat = random.Next(2) == 0 ? double.NaN : 91; }
                else if (o.Report is { } r) r.Message = RandomString(random, random.Next(1001, 100_000));
                else o.Measurement.Commodity = random.Next(2) == 0 ? "xx" : RandomString(random, 40);
                break;
            default:
                o.ClearBody();
                break;
        }
    }

    /// <summary>Raw HTTP/2 requests in gRPC framing (or not): random bytes, truncated or oversized frames, corrupted valid messages.</summary>
    private async Task SendRawAsync(Random random, int requests, Ledger ledger)
    {
        using var http = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
        {
            BaseAddress = gateway.GrpcAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        string[] paths =
        [
            "/monitoring.v1.FeedService/Publish", "/monitoring.v1.FeedService/Publish", "/monitoring.v1.FeedService/Publish",
            "/monitoring.v1.MonitoringService/GetNode", "/monitoring.v1.TopologyService/ApplyTopology",
            "/monitoring.v1.FeedService/NoSuchMethod",
        ];
        var sent = 0;
        while (sent < requests)
        {
            var (body, frames, kind) = RawBody(random);
            sent += frames;
            for (var i = 0; i < frames; i++) ledger.Count();
            using var request = new HttpRequestMessage(HttpMethod.Post, Pick(random, paths))
            {
                Content = new ByteArrayContent(body), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFixture.AdminKey);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            }
            catch (HttpRequestException e)
            {
                ledger.Problem($"{kind} to {request.RequestUri}: {e.Message} {e.InnerException?.Message}");
                continue;
            }
            using var _ = response;
            // A refusal before any message is trailers-only: the status is among the headers.
            var status = response.Headers.TryGetValues("grpc-status", out var values) || response.TrailingHeaders.TryGetValues("grpc-status", out values)
                ? (StatusCode)int.Parse(values.First()) : (StatusCode)(-1);
            if (response.StatusCode != HttpStatusCode.OK) ledger.Problem($"HTTP {(int)response.StatusCode} for a gRPC request: {await response.Content.ReadAsStringAsync()}");
            var path = request.RequestUri!.OriginalString;
            var isPublish = path.EndsWith("/Publish", StringComparison.Ordinal);
            ledger.Add(isPublish ? ledger.Statuses
                : path.EndsWith("/NoSuchMethod", StringComparison.Ordinal) ? ledger.MissingMethodStatuses : ledger.UnaryStatuses, status);
            if (!path.EndsWith("/NoSuchMethod", StringComparison.Ordinal) && !(isPublish ? Publish : Unary).Contains(status))
            {
                // Say why, so an undocumented status can be traced to its cause.
                var message = response.Headers.TryGetValues("grpc-message", out var m) || response.TrailingHeaders.TryGetValues("grpc-message", out m) ? Uri.UnescapeDataString(m.First()) : "";
                ledger.Problem($"{kind} to {path}: {status}: {message}");
            }
            ledger.Add(ledger.RawStatuses, $"{kind}: {status}");
        }
    }

    /// <summary>A request body and how many messages it offers the server.</summary>
    private static (byte[] Body, int Frames, string Kind) RawBody(Random random)
    {
        switch (random.Next(6))
        {
            case 0: // not gRPC framing at all
                return (RandomBytes(random, random.Next(0, 300)), 1, "random bytes");
            case 1: // a frame that claims more than the 16 MB limit
            {
                var frame = new byte[5 + 10];
                BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)random.Next(16 * 1024 * 1024 + 1, int.MaxValue));
                return (frame, 1, "oversized frame");
            }
            case 2: // a truncated frame: the length says more than follows
            {
                var message = ValidMessage(random);
                var frame = Frame(message);
                return (frame[..random.Next(1, frame.Length)], 1, "truncated frame");
            }
            case 3: // a compressed flag without any compression agreed
            {
                var frame = Frame(ValidMessage(random));
                frame[0] = (byte)random.Next(1, 256);
                return (frame, 1, "compressed flag");
            }
            default: // several frames of corrupted valid messages, or random bytes
            {
                var count = random.Next(1, 10);
                using var body = new MemoryStream();
                for (var i = 0; i < count; i++)
                {
                    var message = random.Next(4) == 0 ? RandomBytes(random, random.Next(0, 200)) : Mutate(random, ValidMessage(random));
                    body.Write(Frame(message));
                }
                return (body.ToArray(), count, "mutated frames");
            }
        }
    }

    private static byte[] ValidMessage(Random random) => Observations.Batch("mutant-feed", (ulong)random.Next(1, 100),
        Enumerable.Range(0, random.Next(1, 5)).Select(_ => RandomMutantObservation(random)).ToArray()).ToByteArray();

    /// <summary>Observations about the "mutant" chain: what a corrupted message names, kept apart from the counted "fuzz" chain.</summary>
    private static Observation RandomMutantObservation(Random random)
    {
        var o = RandomObservation(random);
        if (o.Measurement is { } m) m.NodeId = m.NodeId.Replace("fuzz.", "mutant.");
        if (o.Shipment is { } s) s.LaneId = s.LaneId.Replace("fuzz.", "mutant.");
        if (o.Report is { } r) r.SubjectId = r.SubjectId.Replace("fuzz.", "mutant.");
        return o;
    }

    private static byte[] Mutate(Random random, byte[] message)
    {
        var bytes = message.ToList();
        for (var n = random.Next(1, 5); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes.Insert(at, (byte)random.Next(256)); break;
                case 2: bytes.RemoveAt(at); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }

    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomString(Random random, int length) =>
        string.Create(length, random, (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = (char)r.Next(0x20, 0x2FF); });

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>What was sent and acknowledged, from every sender at once.</summary>
    private sealed class Ledger
    {
        private readonly Dictionary<string, long> _accepted = new(StringComparer.Ordinal);
        private long _requests;

        /// <summary>How Publish streams ended (well-framed and raw).</summary>
        public Dictionary<StatusCode, long> Statuses { get; } = [];

        /// <summary>How unary calls with corrupted messages ended.</summary>
        public Dictionary<StatusCode, long> UnaryStatuses { get; } = [];

        /// <summary>How calls to a method that does not exist ended.</summary>
        public Dictionary<StatusCode, long> MissingMethodStatuses { get; } = [];

        /// <summary>Raw requests by kind of corruption and status, for the report.</summary>
        public Dictionary<string, long> RawStatuses { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> RejectionCodes { get; } = new(StringComparer.Ordinal);

        public List<string> Problems { get; } = [];

        public long Requests => Interlocked.Read(ref _requests);

        public void Count() => Interlocked.Increment(ref _requests);

        public long Accepted(string subject)
        {
            lock (this) return _accepted.GetValueOrDefault(subject);
        }

        /// <summary>Adds one to <paramref name="tally"/>[<paramref name="key"/>].</summary>
        public void Add<TKey>(Dictionary<TKey, long> tally, TKey key) where TKey : notnull
        {
            lock (this) tally[key] = tally.GetValueOrDefault(key) + 1;
        }

        public void Problem(string problem)
        {
            lock (this) if (Problems.Count < 20) Problems.Add(problem);
        }

        /// <summary>
        /// An ack names its batch and counts every item either accepted or rejected; a resend of a batch
        /// that applied anything is a duplicate (one whose every item was refused by the gateway reached
        /// no grain, so nothing remembers it, and nothing of it can apply).
        /// </summary>
        public void Check(PublishRequest batch, uint? resentAccepted, PublishAck ack)
        {
            lock (this)
            {
                if (ack.Sequence != batch.Sequence) Problems.Add($"ack {ack.Sequence} for batch {batch.Sequence}");
                if (resentAccepted is > 0 && !ack.Duplicate) Problems.Add($"batch {batch.FeedId}/{batch.Sequence}: resent but not a duplicate");
                if (resentAccepted is null && ack.Duplicate) Problems.Add($"batch {batch.FeedId}/{batch.Sequence}: sent once but a duplicate");
                if (ack.Accepted + ack.Rejected.Count != batch.Observations.Count)
                    Problems.Add($"batch {batch.FeedId}/{batch.Sequence}: {ack.Accepted} accepted + {ack.Rejected.Count} rejected of {batch.Observations.Count}");
                var rejected = new HashSet<uint>();
                foreach (var r in ack.Rejected)
                {
                    if (r.Index >= batch.Observations.Count || !rejected.Add(r.Index) || r.Code.Length == 0 || r.Message.Length == 0)
                        Problems.Add($"batch {batch.FeedId}/{batch.Sequence}: bad rejection {r}");
                    RejectionCodes[r.Code] = RejectionCodes.GetValueOrDefault(r.Code) + 1;
                }
                if (ack.Duplicate || resentAccepted is not null) return;
                for (var i = 0; i < batch.Observations.Count; i++)
                {
                    if (rejected.Contains((uint)i)) continue;
                    var o = batch.Observations[i];
                    var subject = o.BodyCase switch
                    {
                        Observation.BodyOneofCase.Measurement => o.Measurement.NodeId,
                        Observation.BodyOneofCase.Shipment => o.Shipment.LaneId,
                        Observation.BodyOneofCase.Report => o.Report.SubjectId,
                        _ => "",
                    };
                    _accepted[subject] = _accepted.GetValueOrDefault(subject) + 1;
                }
            }
        }
    }
}
