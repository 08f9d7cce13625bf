using Microsoft.Extensions.Logging;
using Monitoring.Domain.Subjects;
using Monitoring.Grains.Timers;

namespace Monitoring.Grains.Subjects;

/// <summary>
/// Tells the neighbours when a subject's impairment changed (a node its lanes, a lane its destination). Only
/// a stored signal goes out, so no neighbour sees one that storage lost; it is sent from a timer that lets
/// other calls in while it waits, so propagation around a cycle of lanes cannot deadlock; a failure is
/// retried until every neighbour has it.
/// </summary>
public sealed class NeighbourSignals
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly OneShotTimer _timer;
    private readonly Func<SubjectEngine> _engine;
    private readonly Func<SignalDelivery, Task> _deliver;
    private readonly Action _delivered;
    private readonly ILogger _logger;
    private ImpairmentSignal? _stored;

    /// <param name="delivered">A signal reached every neighbour: the pending mark was cleared in memory.</param>
    public NeighbourSignals(IGrainBase grain, TimeProvider time, Func<SubjectEngine> engine, Func<SignalDelivery, Task> deliver, Action delivered, ILogger logger)
    {
        _timer = new OneShotTimer(grain, time, SendAsync, interleave: true);
        _engine = engine;
        _deliver = deliver;
        _delivered = delivered;
        _logger = logger;
    }

    /// <summary>The last signal known to be stored (null: none may go out).</summary>
    public void Stored(ImpairmentSignal? signal) => _stored = signal;

    /// <summary>Sends the stored signal as soon as the grain lets the timer in.</summary>
    public void SendSoon() => _timer.ArmIn(TimeSpan.Zero);

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var engine = _engine();
        var signal = _stored;
        if (engine.PendingSignal is null || signal is null || !engine.IsConfigured) return;
        try
        {
            await Task.WhenAll(engine.Deliveries(signal).Select(_deliver));
            if (ReferenceEquals(_stored, signal) && engine.Delivered(signal)) _delivered();
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "{Subject}: telling neighbours about its impairment failed; retrying", engine.Id);
            _timer.ArmIn(RetryDelay);
        }
    }
}
