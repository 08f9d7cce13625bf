using System.Globalization;
using Grpc.Core;
using Monitoring.Domain.Subjects;

namespace Monitoring.Gateway.Ingest;

/// <summary>
/// A batch whose sequence lies below what the platform can tell apart for its feed (more than
/// <see cref="FeedSequenceWindow.Width"/> below the highest applied), or, with <paramref name="reset"/>, sent on a stream
/// opened before an operator reset the feed. It is refused, not acknowledged as a duplicate: acknowledging it would lose
/// its data without a word. <paramref name="partlyApplied"/>: found by a subject after others had applied their part
/// (the gateway's own check, before any subject, could not see it), which the message says.
/// </summary>
public sealed class SequenceBelowWindowException(string feedId, ulong sequence, ulong highest, bool reset = false, bool partlyApplied = false)
    : Exception($"batch {sequence} of feed '{feedId}' is below the feed's window (highest applied {highest})")
{
    /// <summary>Trailer of the refusal: the feed's highest applied sequence.</summary>
    public const string HighestTrailer = "monitoring-feed-highest";

    public string FeedId { get; } = feedId;

    public ulong Sequence { get; } = sequence;

    public ulong Highest { get; } = highest;

    /// <summary>
    /// FAILED_PRECONDITION saying what happened and the two ways on, or, after a reset, ABORTED (a new stream gets the
    /// feed's new epoch: publishers reconnect and resend); the batch's sequence and the feed's highest as trailers.
    /// </summary>
    public RpcException ToRpcException()
    {
        if (reset)
        {
            return new RpcException(new Status(StatusCode.Aborted,
                $"batch {Sequence}: feed '{FeedId}' was reset by an operator since this stream opened; reconnect and resend from sequence {Sequence}{Partly()}"), Trailers());
        }
        var detail = $"batch {Sequence}: feed '{FeedId}' has applied sequences up to {Highest}; a sequence more than {FeedSequenceWindow.Width} below " +
            "cannot be told from a batch applied long ago, so it is refused rather than acknowledged. " +
            (Highest == ulong.MaxValue ? "The feed's numbering is used up: " : $"If the provider restarted its numbering, continue from {Highest + 1}; or ") +
            $"have an operator reset the feed (POST /api/v1/feeds/{FeedId}:reset; docs/runbook.md){Partly()}.";
        return new RpcException(new Status(StatusCode.FailedPrecondition, detail), Trailers());
    }

    private string Partly() => partlyApplied ? " (some of its subjects had applied their part of it already)" : "";

    private Metadata Trailers()
    {
        var trailers = FeedGrpcService.SequenceTrailers(Sequence);
        trailers.Add(HighestTrailer, Highest.ToString(CultureInfo.InvariantCulture));
        return trailers;
    }
}
