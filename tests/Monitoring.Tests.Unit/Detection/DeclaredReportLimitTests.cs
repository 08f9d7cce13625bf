using Monitoring.Contracts;

namespace Monitoring.Tests.Unit.Detection;

/// <summary>What a provider cannot grow without bound on one subject: declared disruptions, feeds remembered.</summary>
public sealed class DeclaredReportLimitTests
{
    private const string Port = "p";

    private static DetectionNetwork Network() =>
        new(TestTopologies.Line(100, TestTopologies.Mine("m"), TestTopologies.Port(Port), TestTopologies.Plant("k")));

    private static DisruptionReport Report(DetectionNetwork n, int index, string reportId, bool clear = false) =>
        new(index, n.Now, reportId, Cause.Strike, Severity.Warning, null, "", clear);

    [Fact]
    public void Twenty_thousand_reports_on_one_node_open_at_most_the_cap_and_the_rest_are_refused_one_by_one()
    {
        var n = Network();
        var max = n.Options.MaxDeclaredPerSubject;
        var refused = 0;
        for (var batch = 0; batch < 40; batch++)
        {
            var result = n.Apply(Port, reports: [.. Enumerable.Range(0, 500).Select(i => Report(n, i, $"r-{batch}-{i}"))]);
            Assert.All(result.Rejections, r => Assert.Equal(RejectionCodes.TooManyReports, r.Code));
            refused += result.Rejections.Count;
        }

        Assert.Equal(max, n.Active(Port).Count(d => d.ReportId is not null));
        Assert.Equal(20_000 - max, refused);
    }

    [Fact]
    public void Updates_and_clears_of_open_reports_always_pass_and_a_clear_makes_room()
    {
        var n = Network();
        var max = n.Options.MaxDeclaredPerSubject;
        n.Apply(Port, reports: [.. Enumerable.Range(0, max).Select(i => Report(n, i, $"r{i}"))]);

        var full = n.Apply(Port, reports: [Report(n, 0, "r0") with { Severity = Severity.Critical }, Report(n, 1, "new")]);
        var rejection = Assert.Single(full.Rejections);
        Assert.Equal((1, RejectionCodes.TooManyReports), (rejection.Index, rejection.Code));
        Assert.Contains("Detection:MaxDeclaredPerSubject", rejection.Message);
        Assert.Equal(Severity.Critical, n.Active(Port).Single(d => d.ReportId == "r0").Severity);

        var roomMade = n.Apply(Port, reports: [Report(n, 0, "r1", clear: true), Report(n, 1, "new")]);
        Assert.Empty(roomMade.Rejections);
        Assert.Contains(n.Active(Port), d => d.ReportId == "new");
    }

    /// <summary>A clear of a report_id the subject never had is refused, naming the open ones; a repeated clear is not.</summary>
    [Fact]
    public void Clearing_an_unknown_report_is_refused_by_item_and_clears_nothing_while_clearing_a_cleared_one_passes()
    {
        var n = Network();
        n.Apply(Port, reports: [Report(n, 0, "strike-2026-12")]);

        var typo = n.Apply(Port, reports: [Report(n, 0, "strike-2026-21", clear: true)]);
        var rejection = Assert.Single(typo.Rejections);
        Assert.Equal((0, RejectionCodes.UnknownReport), (rejection.Index, rejection.Code));
        Assert.Equal("'p' has no declared disruption with report_id 'strike-2026-21', open or recently closed (open: 'strike-2026-12'): nothing was cleared; clear by the report_id it was declared with", rejection.Message);
        Assert.Contains(n.Active(Port), d => d.ReportId == "strike-2026-12");

        var cleared = n.Apply(Port, reports: [Report(n, 0, "strike-2026-12", clear: true)]);
        var again = n.Apply(Port, reports: [Report(n, 0, "strike-2026-12", clear: true), Report(n, 1, "strike-2026-12", clear: true)]);
        Assert.Empty(cleared.Rejections);
        Assert.Empty(again.Rejections);
        Assert.DoesNotContain(n.Active(Port), d => d.ReportId == "strike-2026-12");
    }

    /// <summary>A feed invented once does not cost a subject state for ever: its window goes after Detection:FeedWindowRetention.</summary>
    [Fact]
    public void A_feeds_sequence_window_is_forgotten_after_it_has_been_silent_past_the_retention()
    {
        var n = Network();
        n.Apply(Port, reports: [Report(n, 0, "a")], feedId: "once");
        n.Apply(Port, reports: [Report(n, 0, "b")], feedId: "daily");

        n.Clock.Advance(TimeSpan.FromDays(5));
        n.Apply(Port, reports: [Report(n, 0, "b")], feedId: "daily");
        n.Clock.Advance(n.Options.FeedWindowRetention - TimeSpan.FromDays(4));
        n.Apply(Port, reports: [Report(n, 0, "c")], feedId: "new");

        Assert.Equal(["daily", "new"], n.FeedsOf(Port).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A window idle past the retention counts as forgotten even before it is pruned: the feed's directory forgot the feed
    /// too, so the gateway lets any sequence through, and a subject still holding the old window must not refuse it.
    /// </summary>
    [Fact]
    public void A_feed_silent_past_the_retention_may_number_afresh_and_one_silent_for_less_may_not()
    {
        var n = Network();
        n.Apply(Port, reports: [Report(n, 0, "a")], feedId: "restarted", sequence: 1_000);

        n.Clock.Advance(TimeSpan.FromDays(1));
        var early = n.Apply(Port, reports: [Report(n, 0, "b")], feedId: "restarted", sequence: 1);
        n.Clock.Advance(n.Options.FeedWindowRetention);
        var late = n.Apply(Port, reports: [Report(n, 0, "b")], feedId: "restarted", sequence: 1);

        Assert.Equal((true, 1_000UL), (early.BelowWindow, early.FeedHighest));
        Assert.Equal((false, 1), (late.BelowWindow, late.Applied));
    }
}
