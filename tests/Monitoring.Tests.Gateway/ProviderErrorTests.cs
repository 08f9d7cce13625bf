using Grpc.Core;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// A batch the cluster cannot store is refused with what to do and a reference to the gateway's log, never the
/// exception's text (internal addresses, grain ids) (docs/security.md, "Limits on what one request can cost").
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ProviderErrorTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_batch_the_cluster_cannot_store_is_refused_with_a_reference_and_no_internal_detail()
    {
        RpcException error;
        BrokenStoreStorage.Failing = true;
        try
        {
            error = await Assert.ThrowsAsync<RpcException>(() => gateway.Feed.PublishAsync(Batch("broken-feed", 1, Output(BrokenStoreStorage.Subject, 700))));
        }
        finally
        {
            BrokenStoreStorage.Failing = false;
        }

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Matches(@"^batch 1 could not be applied: the cluster could not apply it \(reference [0-9a-f]{8} in the gateway log\); reconnect and resend from sequence 1$", error.Status.Detail);
        Assert.DoesNotContain("redis", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("1", error.Trailers.GetValue("monitoring-sequence"));
    }
}
