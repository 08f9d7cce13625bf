using Microsoft.Extensions.Logging;
using Monitoring.Domain.Subjects;
using Monitoring.Grains.Events;

namespace Monitoring.Grains.Subjects;

/// <summary>
/// Publishes a subject's outbox — the disruption changes stored with the state that made them — to the
/// commodity indexes and the live streams, in order and one publisher at a time. Events leave the outbox only
/// once both took them; after a failure nothing is published again before <see cref="RetryAt"/>.
/// </summary>
public sealed class OutboxPublisher(IGrainFactory grains, TimeProvider time, ILogger logger, Action published)
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _publishing = new(1, 1);

    /// <summary>
    /// Outbox events (from its first) already on the live streams, sent by an attempt whose index upserts
    /// failed: a retry does not send them again. Memory only: after a reactivation they may go out twice.
    /// </summary>
    private int _liveSent;

    /// <summary>When to try again after a failure (the owner's other timed work backs off to it too); null when none failed.</summary>
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>Publishes what the outbox holds; events added meanwhile wait for the next call. Never throws: false when it failed.</summary>
    public async Task<bool> PublishAsync(SubjectEngine engine)
    {
        // Most batches detect nothing: no need to queue behind a publisher still sending earlier events.
        if (engine.Outbox.Count == 0) return true;
        await _publishing.WaitAsync();
        try
        {
            if (engine.Outbox.Count == 0) return true;
            var events = engine.Outbox.ToList();
            await DisruptionPublisher.PublishAsync(grains, events, Math.Min(_liveSent, events.Count), sent => _liveSent = sent);
            engine.Published(events.Count);
            _liveSent = 0;
            RetryAt = null;
            published();
            return true;
        }
        catch (Exception e)
        {
            RetryAt = time.GetUtcNow() + RetryDelay;
            logger.LogWarning(e, "{Subject}: publishing {Count} disruption events failed; retrying", engine.Id, engine.Outbox.Count);
            return false;
        }
        finally
        {
            _publishing.Release();
        }
    }

    /// <summary>
    /// Puts the subject's disruptions, as it holds them, back into the indexes (after an activation: they may
    /// have lost them, or hold a version published before a write that failed). Sent by the same publisher, so
    /// it cannot overtake or be overtaken by the subject's later changes. Throws when it failed.
    /// </summary>
    public async Task RestoreAsync(SubjectEngine engine)
    {
        await _publishing.WaitAsync();
        try
        {
            await DisruptionPublisher.RestoreAsync(grains, engine.Disruptions);
            RetryAt = null;
        }
        finally
        {
            _publishing.Release();
        }
    }
}
