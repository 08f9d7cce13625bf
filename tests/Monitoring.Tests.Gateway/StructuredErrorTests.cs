using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Monitoring.Api.V1;
using Monitoring.Domain.Indicators;
using Monitoring.Gateway.Api;
using Monitoring.Gateway.Ingest;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// Errors carry structured details (google.rpc.Status in grpc-status-details-bin): validation failures a
/// google.rpc.BadRequest naming each faulty field, a missing resource a google.rpc.ResourceInfo; the JSON API
/// shows the same details in its error body.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StructuredErrorTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_stress_test_naming_unknown_subjects_gets_one_field_violation_per_faulty_id()
    {
        var request = new RunStressTestRequest { Days = 10, NodeIds = { "ind.mine.cl", "ind.mine.nowhere" }, LaneIds = { "no.such.lane" } };

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.RunStressTestAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var violations = GrpcErrors.BadRequestOf(e)!.FieldViolations;
        Assert.Equal(["node_ids[1]", "lane_ids[0]"], violations.Select(v => v.Field));
        Assert.Contains("'ind.mine.nowhere' is not a node of the topology", violations[0].Description);
    }

    [Fact]
    public async Task An_invalid_topology_names_the_path_of_every_faulty_field()
    {
        var yaml = """
            name: broken
            commodities:
              - { code: cu, name: Copper }
            nodes:
              - { id: m1, name: Mine, kind: mine, country: XX, lat: 0, lon: 0, operator: o, owner: p, commodities: [{ commodity: cu, stage: extraction, capacity_tpd: 10 }] }
            lanes:
              - { id: l1, from: m1, to: nowhere, commodity: cu, mode: sea, baseline_transit_h: 5, owner: p }
            """;

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Topology.ApplyTopologyAsync(
            new ApplyTopologyRequest { Yaml = yaml, SourceName = "broken.yaml", ValidateOnly = true }, GatewayFixture.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var fields = GrpcErrors.BadRequestOf(e)!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains("nodes[0].country", fields);
        Assert.Contains("lanes[0].to", fields);
        Assert.Contains("broken.yaml:", e.Status.Detail);
    }

    [Fact]
    public async Task A_batch_with_an_invalid_feed_id_ends_the_stream_naming_the_field_and_the_sequence()
    {
        using var call = gateway.Feed.Publish();
        await call.RequestStream.WriteAsync(new PublishRequest { FeedId = "Not A Feed", Sequence = 7 });

        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("feed_id", Assert.Single(GrpcErrors.BadRequestOf(e)!.FieldViolations).Field);
        Assert.Equal("7", e.Trailers.GetValue(FeedGrpcService.SequenceTrailer));
    }

    [Fact]
    public async Task An_unknown_node_is_not_found_with_its_type_and_name()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.GetNodeAsync(new GetNodeRequest { NodeId = "no.such.node" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        var resource = GrpcErrors.Detail<ResourceInfo>(e)!;
        Assert.Equal(("node", "no.such.node"), (resource.ResourceType, resource.ResourceName));
    }

    [Fact]
    public async Task The_json_api_returns_the_field_violations_in_its_error_body()
    {
        var response = await gateway.Http.PostAsJsonAsync("/api/v1/stress-tests", new { node_ids = new[] { "ind.mine.cl" }, days = -1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = Assert.Single(body.RootElement.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", detail.GetProperty("@type").GetString());
        Assert.Equal("days", Assert.Single(detail.GetProperty("fieldViolations").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Two_hundred_invalid_candidates_get_a_bounded_answer()
    {
        var request = new RankProjectsRequest();
        for (var i = 0; i < CandidateRules.MaxCandidates; i++) request.Candidates.Add(new CandidateProject());

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.RankProjectsAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(GrpcErrors.MaxListedViolations, GrpcErrors.BadRequestOf(e)!.FieldViolations.Count);
        Assert.Contains("more", e.Status.Detail);
        Assert.True(e.Status.Detail.Length < 20_000, $"the message is {e.Status.Detail.Length} characters long");
    }

    /// <summary>Too many candidates are refused by their count, before any is completed or validated: one short problem.</summary>
    [Fact]
    public async Task Three_hundred_thousand_empty_candidates_are_refused_by_their_count_alone()
    {
        var request = new RankProjectsRequest();
        for (var i = 0; i < 300_000; i++) request.Candidates.Add(new CandidateProject());

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Monitoring.RankProjectsAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("at most 200 candidates at a time (got 300000)", e.Status.Detail);
        var violation = Assert.Single(GrpcErrors.BadRequestOf(e)!.FieldViolations);
        Assert.Equal("candidates", violation.Field);
    }

    /// <summary>A document that would overflow a recursive parser is refused by the scan before it; the process lives on.</summary>
    [Fact]
    public async Task A_topology_nested_a_hundred_thousand_deep_is_refused_and_the_gateway_lives_on()
    {
        var yaml = "name: deep\nnodes: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            gateway.Topology.ApplyTopologyAsync(new ApplyTopologyRequest { Yaml = yaml, SourceName = "deep.yaml" }, GatewayFixture.Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("nested deeper than 32 levels", e.Status.Detail);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/healthz")).StatusCode);
        Assert.NotNull(await gateway.Topology.GetTopologyAsync(new GetTopologyRequest(), GatewayFixture.Admin));
    }

    [Fact]
    public async Task A_json_body_larger_than_the_limit_is_refused_with_413_before_it_is_read()
    {
        var body = new ByteArrayContent(new byte[5 * 1024 * 1024]);
        body.Headers.ContentType = new("application/json");
        // Asking first (Expect: 100-continue), as a well-behaved client of a large upload does: the answer comes before the body.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stress-tests") { Content = body };
        request.Headers.ExpectContinue = true;

        var response = await gateway.AdminHttp.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Gateway:MaxJsonBodyBytes", await response.Content.ReadAsStringAsync());
    }
}
