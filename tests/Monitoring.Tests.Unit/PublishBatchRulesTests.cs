using Monitoring.Api.V1;
using Monitoring.Gateway.Api;
using Monitoring.Gateway.Ingest;

namespace Monitoring.Tests.Unit;

public sealed class PublishBatchRulesTests
{
    private readonly Dictionary<string, ulong> _lastSequence = [];
    private readonly IngestOptions _limits = new() { MaxObservationsPerBatch = 3 };

    private string? Check(string feed, ulong sequence, int observations = 1) => Violation(feed, sequence, observations)?.Description;

    private FieldViolation? Violation(string feed, ulong sequence, int observations = 1)
    {
        var request = new PublishRequest { FeedId = feed, Sequence = sequence };
        for (var i = 0; i < observations; i++) request.Observations.Add(new Observation());
        return PublishBatchRules.Check(request, _lastSequence, _limits);
    }

    [Fact]
    public void Consecutive_sequences_per_feed_are_accepted()
    {
        Assert.Null(Check("a", 500));
        Assert.Null(Check("a", 501));
        Assert.Null(Check("b", 7));
        Assert.Null(Check("a", 502));
    }

    [Theory]
    [InlineData("", 1, 1, "feed_id is required")]
    [InlineData("Feed A", 1, 1, "feed_id 'Feed A' does not match")]
    [InlineData("a", 0, 1, "sequence must be at least 1")]
    [InlineData("a", 1, 4, "4 observations in one batch; at most 3")]
    public void Malformed_batches_are_refused(string feed, ulong sequence, int observations, string message) =>
        Assert.StartsWith(message, Check(feed, sequence, observations));

    [Theory]
    [InlineData("", 1, 1, "feed_id")]
    [InlineData("a", 0, 1, "sequence")]
    [InlineData("a", 1, 4, "observations")]
    public void A_refusal_names_the_field_that_breaks_the_rule(string feed, ulong sequence, int observations, string field) =>
        Assert.Equal(field, Violation(feed, sequence, observations)?.Field);

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(13)]
    public void A_sequence_that_does_not_follow_by_one_is_refused(ulong next)
    {
        Assert.Null(Check("a", 10));
        Assert.Null(Check("a", 11));

        Assert.Contains("must grow by exactly one", Check("a", next));
    }
}
