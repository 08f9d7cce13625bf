using Grpc.Core;
using Monitoring.Api.V1;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// A gRPC client refused by authentication or authorization gets a gRPC status with a message that says what to send
/// and why the call was refused, not a bare HTTP status (issue 22).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GrpcAuthErrorTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData("Bearer not-a-key", StatusCode.Unauthenticated, "the key in 'authorization: Bearer <key>' is not known to this gateway (unknown API key")]
    [InlineData(GatewayFixture.AdminKey, StatusCode.PermissionDenied, "the metadata 'authorization' does not start with 'Bearer ', so the call counts as a caller without a key (anonymous, role viewer), which may not call /monitoring.v1.FeedService/Publish: it needs the role provider or admin")]
    [InlineData("Bearer " + GatewayFixture.ViewerKey, StatusCode.PermissionDenied, "role viewer, may not call /monitoring.v1.FeedService/Publish: it needs the role provider or admin")]
    [InlineData(null, StatusCode.PermissionDenied, "a caller without a key (anonymous, role viewer) may not call /monitoring.v1.FeedService/Publish: it needs the role provider or admin")]
    public async Task A_refused_publish_gets_a_grpc_status_naming_the_expected_header_and_the_reason(string? authorization, StatusCode status, string message)
    {
        var headers = authorization is null ? new Metadata() : new Metadata { { "authorization", authorization } };

        var error = await Assert.ThrowsAsync<RpcException>(() => new FeedService.FeedServiceClient(gateway.Channel).PublishAsync(headers, Batch("test-mine-auth-errors", 1, Output("authz.mine", 700))));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains(message, error.Status.Detail);
        Assert.DoesNotContain("HTTP status", error.Status.Detail);
    }

    [Fact]
    public async Task A_refused_unary_call_gets_the_same_grpc_status()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await gateway.Monitoring.AcknowledgeDisruptionAsync(new AcknowledgeDisruptionRequest { DisruptionId = "none" }, GatewayFixture.Bearer(GatewayFixture.ViewerKey)));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("role viewer, may not call /monitoring.v1.MonitoringService/AcknowledgeDisruption: it needs the role admin", error.Status.Detail);
    }
}

[Collection(ProductionGatewayCollection.Name)]
public sealed class GrpcAuthErrorProductionTests(ProductionGatewayFixture gateway)
{
    [Fact]
    public async Task Without_a_key_where_anonymous_callers_may_do_nothing_a_call_is_unauthenticated_and_told_what_to_send()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest()));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("this call needs a key: send the metadata 'authorization: Bearer <key>' (docs/api.md, Authenticate)", error.Status.Detail);
    }
}
