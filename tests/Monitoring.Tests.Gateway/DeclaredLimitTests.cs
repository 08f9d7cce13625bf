using Monitoring.Api.V1;
using static Monitoring.Tests.Gateway.Observations;

namespace Monitoring.Tests.Gateway;

/// <summary>
/// A provider cannot open declared disruptions without bound across its subjects: past Ingest:MaxDeclaredPerProvider
/// (3 for this key) each new report is refused on its own, and closing one, by the provider or an operator, frees a place.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DeclaredLimitTests(GatewayFixture gateway)
{
    private ulong _sequence = 100;

    private async Task<PublishAck> Publish(params Observation[] observations) => await PublishAt(++_sequence, observations);

    private async Task<PublishAck> PublishAt(ulong sequence, params Observation[] observations) =>
        Assert.Single(await gateway.FeedAs(GatewayFixture.ReportProviderKey).PublishAsync(Batch("test-reports", sequence, observations)));

    [Fact]
    public async Task Past_the_provider_s_cap_new_reports_are_refused_one_by_one_and_a_closed_one_frees_a_place()
    {
        var opened = await Publish(Declare("rep.mine.1", "r1"), Declare("rep.mine.1", "r2"), Declare("rep.mine.2", "r3"));
        Assert.Equal(3U, opened.Accepted);

        // The fourth is refused; an update of an open one and a measurement in the same batch apply.
        var over = await Publish(Declare("rep.mine.2", "r4"), Declare("rep.mine.1", "r1", Severity.Warning), Output("rep.mine.2", 700));
        var refused = Assert.Single(over.Rejected);
        Assert.Equal((0U, "TOO_MANY_REPORTS"), (refused.Index, refused.Code));
        Assert.Contains("Ingest:MaxDeclaredPerProvider", refused.Message);
        Assert.Equal(2U, over.Accepted);

        // Clears in a resent batch (a duplicate, applied before) close nothing, so they free no place.
        var resent = await PublishAt(_sequence, Declare("rep.mine.1", "r1", clear: true), Declare("rep.mine.1", "r2", clear: true), Declare("rep.mine.2", "r3", clear: true));
        Assert.True(resent.Duplicate);
        Assert.Equal("TOO_MANY_REPORTS", Assert.Single((await Publish(Declare("rep.mine.2", "r4"))).Rejected).Code);

        // The provider clears one: the next report takes its place, in the same batch.
        var swapped = await Publish(Declare("rep.mine.1", "r1", clear: true), Declare("rep.mine.2", "r4"));
        Assert.Empty(swapped.Rejected);

        // An operator resolves one: the live event frees its place on every gateway.
        var r2 = (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "rep.mine.1" })).Disruptions.Single(d => d.ReportId == "r2");
        await gateway.Monitoring.ResolveDisruptionAsync(new ResolveDisruptionRequest { DisruptionId = r2.Id, Note = "confirmed over" }, GatewayFixture.Admin);
        var fifth = await Poll.UntilAsync(async () => await Publish(Declare("rep.mine.2", "r5")) is { Rejected.Count: 0 } ack ? ack : null,
            TimeSpan.FromSeconds(10), "a report accepted once the resolved one's place is free");
        Assert.Equal(1U, fifth.Accepted);
        var open = (await gateway.Monitoring.ListDisruptionsAsync(new ListDisruptionsRequest { SubjectId = "rep.mine.2" })).Disruptions;
        Assert.Equal(["r3", "r4", "r5"], open.Select(d => d.ReportId).Order());
    }
}
