using Monitoring.Contracts;
using Monitoring.Contracts.Grains;
using Monitoring.Gateway.Topology;

namespace Monitoring.Gateway.Ingest;

/// <summary>
/// The declared disruptions open on each provider's subjects, across the cluster, so that one provider cannot open
/// them without bound (Ingest:MaxDeclaredPerProvider; each subject also has its own cap). Read from the disruption
/// indexes the first time a provider declares something, then kept by the live events every gateway receives:
/// closing, expiry and an operator's resolve all free a place. A report admitted here counts at once, before its
/// event arrives, so concurrent batches cannot overshoot; one the subject refused is taken back after the batch.
/// </summary>
public sealed class DeclaredReportTally(IGrainFactory grains, SubjectRegistryCache registry, ILogger<DeclaredReportTally> logger)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, HashSet<(string Subject, string Report)>> _openByOwner = new(StringComparer.Ordinal);
    private Task? _loaded;

    /// <summary>A disruption changed (from the live events): a declared one counts for its subject's owner while active.</summary>
    public void Observe(Disruption disruption)
    {
        if (disruption.ReportId is not { } report || registry.Current.OwnerOf(disruption.SubjectId) is not { } owner) return;
        lock (_lock)
        {
            var open = Open(owner);
            if (disruption.State.IsActive()) open.Add((disruption.SubjectId, report));
            else open.Remove((disruption.SubjectId, report));
        }
    }

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
        lock (_lock)
        {
            var open = Open(owner);
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
                    if (report.Clear) open.Remove(key);
                    else if (!open.Contains(key) && open.Count >= max)
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

    /// <summary>Takes back reports admitted as new that a subject then refused (they opened nothing).</summary>
    public void Refused(string owner, IReadOnlyDictionary<int, (string Subject, string Report)> admitted, IEnumerable<ItemRejection> rejections)
    {
        if (admitted.Count == 0) return;
        lock (_lock)
        {
            var open = Open(owner);
            foreach (var rejection in rejections)
            {
                if (admitted.TryGetValue(rejection.Index, out var key)) open.Remove(key);
            }
        }
    }

    private HashSet<(string Subject, string Report)> Open(string owner)
    {
        if (!_openByOwner.TryGetValue(owner, out var open)) _openByOwner[owner] = open = [];
        return open;
    }

    /// <summary>Reads the active declared disruptions of every commodity once (again after a failure).</summary>
    private Task LoadAsync()
    {
        lock (_lock) return _loaded is { IsFaulted: false } loading ? loading : _loaded = LoadFromIndexesAsync();
    }

    private async Task LoadFromIndexesAsync()
    {
        var subjects = await registry.GetAsync();
        var query = DisruptionQuery.Active with { Limit = int.MaxValue };
        var lists = await Task.WhenAll(subjects.Commodities.Select(c => grains.GetGrain<IDisruptionIndexGrain>(c).List(query)));
        foreach (var disruption in lists.SelectMany(l => l)) Observe(disruption);
    }
}
