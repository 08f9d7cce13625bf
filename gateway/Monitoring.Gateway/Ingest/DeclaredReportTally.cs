using Monitoring.Contracts;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Topology;

namespace Monitoring.Gateway.Ingest;

/// <summary>
/// The declared disruptions open on each provider's subjects, across the cluster, so that one provider cannot open
/// them without bound (Ingest:MaxDeclaredPerProvider; each subject also has its own cap). Read from the disruption
/// indexes when a provider declares something (again every <see cref="ReloadEvery"/>, so a missed event costs a place
/// only until then), and kept meanwhile by the live events every gateway receives: closing, expiry and an operator's
/// resolve all free a place. A report admitted here counts at once, before its event arrives, so concurrent batches
/// cannot overshoot; one a subject did not apply is taken back after the batch. A clear frees a place only once its
/// event says the disruption closed (within its own batch it makes room for the reports after it).
/// </summary>
public sealed class DeclaredReportTally(IGrainFactory grains, SubjectRegistryCache registry, TimeProvider time, ILogger<DeclaredReportTally> logger)
{
    /// <summary>How long the count read from the indexes is trusted before it is read again.</summary>
    public static readonly TimeSpan ReloadEvery = TimeSpan.FromMinutes(5);

    private readonly object _lock = new();
    private Dictionary<string, HashSet<(string Subject, string Report)>> _openByOwner = new(StringComparer.Ordinal);
    private Task? _loaded;
    private DateTimeOffset _loadedAt;

    /// <summary>A disruption changed (from the live events): a declared one counts for its subject's owner while active.</summary>
    public void Observe(Disruption disruption)
    {
        if (Counted(disruption, registry.Current) is not (string owner, var key)) return;
        lock (_lock)
        {
            var open = Open(_openByOwner, owner);
            if (disruption.State.IsActive()) open.Add(key);
            else open.Remove(key);
        }
    }

    /// <summary>The owner a declared disruption counts for, and its key; null for a detected one or a subject nobody owns.</summary>
    private static (string Owner, (string Subject, string Report) Key)? Counted(Disruption disruption, SubjectRegistry subjects) =>
        disruption.ReportId is { } report && subjects.OwnerOf(disruption.SubjectId) is { } owner ? (owner, (disruption.SubjectId, report)) : null;

    /// <summary>
    /// Refuses, item by item with TOO_MANY_REPORTS, the reports of <paramref name="plan"/> that would open more than
    /// <paramref name="max"/> declared disruptions on <paramref name="owner"/>'s subjects; the rest of the batch goes on.
    /// Returns the plan and the reports admitted as new (to take back if a subject refuses them).
    /// </summary>
    public async Task<(IngestPlan Plan, IReadOnlyDictionary<int, (string Subject, string Report)> Admitted)> LimitAsync(IngestPlan plan, string owner, int max)
    {
        if (!plan.Work.Any(w => w.Batch.Reports.Count > 0)) return (plan, new Dictionary<int, (string, string)>());
        try
        {
            await LoadAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "could not read the open declared disruptions; the per-provider cap counts from the live events alone until the next try");
        }
        var refused = new List<ItemRejection>();
        var admitted = new Dictionary<int, (string Subject, string Report)>();
        var work = new List<SubjectWork>(plan.Work.Count);
        var cleared = new HashSet<(string, string)>();
        lock (_lock)
        {
            var open = Open(_openByOwner, owner);
            foreach (var part in plan.Work)
            {
                if (part.Batch.Reports.Count == 0)
                {
                    work.Add(part);
                    continue;
                }
                var kept = new List<DisruptionReport>(part.Batch.Reports.Count);
                foreach (var report in part.Batch.Reports)
                {
                    var key = (part.SubjectId, report.ReportId);
                    if (report.Clear)
                    {
                        if (open.Contains(key)) cleared.Add(key);
                    }
                    else if (!open.Contains(key) && open.Count - cleared.Count >= max)
                    {
                        refused.Add(new ItemRejection(report.Index, RejectionCodes.TooManyReports,
                            $"provider '{owner}' already has {max} declared disruptions open (Ingest:MaxDeclaredPerProvider): clear one, or update an open one by its report_id"));
                        continue;
                    }
                    else if (open.Add(key)) admitted[report.Index] = key;
                    kept.Add(report);
                }
                work.Add(kept.Count == part.Batch.Reports.Count ? part : part with { Batch = part.Batch with { Reports = kept } });
            }
        }
        return refused.Count == 0 && admitted.Count == 0 ? (plan, admitted) : (plan with { Work = work, Rejections = [.. plan.Rejections, .. refused] }, admitted);
    }

    /// <summary>
    /// Takes back reports admitted as new that opened nothing: refused by their subject, or in a part the subject did not
    /// apply (a duplicate, below the window), or the whole batch when <paramref name="results"/> is null (it failed).
    /// What did open is counted again by its event.
    /// </summary>
    public void TakeBack(string owner, IReadOnlyDictionary<int, (string Subject, string Report)> admitted, IReadOnlyList<SubjectWork> work, IReadOnlyList<ApplyResult>? results)
    {
        if (admitted.Count == 0) return;
        var unapplied = new HashSet<int>();
        for (var i = 0; i < work.Count; i++)
        {
            var result = results?[i];
            if (result is null || result.Duplicate || result.BelowWindow) unapplied.UnionWith(work[i].Batch.Reports.Select(r => r.Index));
            else unapplied.UnionWith(result.Rejections.Select(r => r.Index));
        }
        lock (_lock)
        {
            var open = Open(_openByOwner, owner);
            foreach (var index in unapplied)
            {
                if (admitted.TryGetValue(index, out var key)) open.Remove(key);
            }
        }
    }

    private static HashSet<(string Subject, string Report)> Open(Dictionary<string, HashSet<(string Subject, string Report)>> byOwner, string owner)
    {
        if (!byOwner.TryGetValue(owner, out var open)) byOwner[owner] = open = [];
        return open;
    }

    /// <summary>Reads the active declared disruptions of every commodity, when never read, after a failure, or once stale.</summary>
    private Task LoadAsync()
    {
        lock (_lock)
        {
            if (_loaded is { IsFaulted: false } loading && (!loading.IsCompleted || time.GetUtcNow() - _loadedAt < ReloadEvery)) return loading;
            _loadedAt = time.GetUtcNow();
            return _loaded = LoadFromIndexesAsync();
        }
    }

    private async Task LoadFromIndexesAsync()
    {
        var subjects = await registry.GetAsync();
        var query = DisruptionQuery.Active with { Limit = int.MaxValue };
        var lists = await Task.WhenAll(subjects.Commodities.Select(c => grains.GetGrain<IDisruptionIndexGrain>(c).List(query)));
        var fresh = new Dictionary<string, HashSet<(string Subject, string Report)>>(StringComparer.Ordinal);
        foreach (var disruption in lists.SelectMany(l => l))
        {
            if (Counted(disruption, subjects) is (string owner, var key)) Open(fresh, owner).Add(key);
        }
        // What the indexes hold replaces what the events built (a missed close no longer takes a place).
        lock (_lock) _openByOwner = fresh;
    }
}
