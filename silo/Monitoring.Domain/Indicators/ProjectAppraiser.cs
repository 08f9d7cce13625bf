using System.Globalization;

namespace Monitoring.Domain.Indicators;

/// <summary>
/// Appraises a candidate investment against today's network: the same indicators computed on a copy
/// with the project in place, and every difference. The exposure of the new or expanded node itself is
/// left out of the lost-volume difference (without the project that output does not exist to be lost).
/// </summary>
public static class ProjectAppraiser
{
    public static ProjectAppraisal Appraise(SupplyNetwork network, CandidateProject candidate, IndicatorOptions options, DateTimeOffset now) =>
        Appraise(network, IndicatorCalculator.Compute(network, options, now), candidate, options, now);

    /// <summary>Every candidate against the same network (today's indicators computed once); ranks left 0.</summary>
    public static IReadOnlyList<ProjectAppraisal> AppraiseAll(SupplyNetwork network, IReadOnlyList<CandidateProject> candidates, IndicatorOptions options, DateTimeOffset now)
    {
        var before = IndicatorCalculator.Compute(network, options, now);
        return candidates.Select(c => Appraise(network, before, c, options, now)).ToList();
    }

    private static ProjectAppraisal Appraise(SupplyNetwork network, CommodityIndicators before, CandidateProject candidate, IndicatorOptions options, DateTimeOffset now)
    {
        var withProject = network.Clone();
        var notes = new List<string>();
        var stage = Apply(withProject, candidate, options, notes);
        var after = IndicatorCalculator.Compute(withProject, options, now);

        var stageBefore = before.Stages.FirstOrDefault(s => s.Stage == stage);
        var stageAfter = after.Stages.FirstOrDefault(s => s.Stage == stage);
        // The project's own output at risk is new output, not a loss compared with today: leave it out.
        var own = candidate.Kind == ProjectKind.Expansion ? candidate.NodeId : candidate.Id;
        var lostBefore = before.Nodes.Where(n => n.NodeId != own).Sum(n => n.LostVolumeTonnes);
        var lostAfter = after.Nodes.Where(n => n.NodeId != own).Sum(n => n.LostVolumeTonnes);
        var lostDelta = lostAfter - lostBefore;
        var avoidedPerMillion = candidate.CostMillionUsd > 0 ? -lostDelta / candidate.CostMillionUsd : 0;

        if (stageBefore is not null && stageAfter is not null)
        {
            if (Math.Abs(stageAfter.HhiCountry - stageBefore.HhiCountry) >= 0.5)
                notes.Add($"{stage} HHI by country {F(stageBefore.HhiCountry, "N0")} → {F(stageAfter.HhiCountry, "N0")} ({stageAfter.HhiBand})");
            if (Math.Abs(stageAfter.TopCountryShare - stageBefore.TopCountryShare) >= 0.0005)
                notes.Add($"top country of {stage.ToString().ToLowerInvariant()}: {stageBefore.TopCountry} {P(stageBefore.TopCountryShare)} → {stageAfter.TopCountry} {P(stageAfter.TopCountryShare)}");
        }
        if (Math.Abs(after.RecycledShare - before.RecycledShare) >= 0.0005)
            notes.Add($"recycled share {P(before.RecycledShare)} → {P(after.RecycledShare)}");
        if (lostDelta < -0.5) notes.Add($"{F(-lostDelta, "N0")} t less lost by nodes whose buffers do not last their recovery");
        else if (lostDelta > 0.5) notes.Add($"{F(lostDelta, "N0")} t more lost by exposed nodes");
        if (candidate.Kind == ProjectKind.NewNode && after.Nodes.FirstOrDefault(n => n.NodeId == candidate.Id) is { Exposed: true } itself)
            notes.Add($"the project itself would be exposed: its buffer lasts {F(itself.TtsDays!.Value, "N1")} days against {F(itself.TtrDays, "N1")} to recover");
        foreach (var kind in Enum.GetValues<GapKind>())
        {
            var closed = before.Gaps.Count(g => g.Kind == kind && !after.Gaps.Any(a => SameGap(a, g)));
            var opened = after.Gaps.Count(g => g.Kind == kind && !before.Gaps.Any(b => SameGap(b, g)));
            if (closed > 0) notes.Add($"closes {closed} {GapName(kind)} gap{(closed == 1 ? "" : "s")}");
            if (opened > 0) notes.Add($"opens {opened} {GapName(kind)} gap{(opened == 1 ? "" : "s")}");
        }
        if (candidate.YearsToCommission > 0)
            notes.Add($"the gains arrive once commissioned, in {F(candidate.YearsToCommission, "0.#")} year{(candidate.YearsToCommission == 1 ? "" : "s")}");
        if (candidate.CostMillionUsd <= 0) notes.Add("no cost given: tonnes avoided per million USD not computed");

        return new ProjectAppraisal(
            candidate,
            RankByScore: 0,
            RankByCostEffectiveness: 0,
            before.Score.Value,
            after.Score.Value,
            stage,
            AvailableRatioDelta: (stageAfter?.AvailableRatio ?? 0) - (stageBefore?.AvailableRatio ?? 0),
            CapacityDeltaTonnesPerDay: (stageAfter?.AvailableTonnesPerDay ?? 0) - (stageBefore?.AvailableTonnesPerDay ?? 0),
            HhiDelta: (stageAfter?.HhiCountry ?? 0) - (stageBefore?.HhiCountry ?? 0),
            TopCountryShareDelta: (stageAfter?.TopCountryShare ?? 0) - (stageBefore?.TopCountryShare ?? 0),
            RecycledShareDelta: after.RecycledShare - before.RecycledShare,
            LostVolumeDeltaTonnes: lostDelta,
            LostTonnesAvoidedPerMillionUsd: avoidedPerMillion,
            notes);
    }

    /// <summary>Ranks appraisals by score gain and, separately, by lost tonnes avoided per million USD (1 = best; ties by id).</summary>
    public static IReadOnlyList<ProjectAppraisal> Rank(IEnumerable<ProjectAppraisal> appraisals)
    {
        var list = appraisals.ToList();
        var byScore = list
            .OrderByDescending(a => a.ScoreGain).ThenBy(a => a.Candidate.CostMillionUsd).ThenBy(a => a.Candidate.Id, StringComparer.Ordinal)
            .Select((a, i) => (a.Candidate.Id, Rank: i + 1))
            .ToDictionary(x => x.Id, x => x.Rank, StringComparer.Ordinal);
        var byCost = list
            .OrderByDescending(a => a.LostTonnesAvoidedPerMillionUsd).ThenByDescending(a => a.ScoreGain).ThenBy(a => a.Candidate.Id, StringComparer.Ordinal)
            .Select((a, i) => (a.Candidate.Id, Rank: i + 1))
            .ToDictionary(x => x.Id, x => x.Rank, StringComparer.Ordinal);
        return list
            .Select(a => a with { RankByScore = byScore[a.Candidate.Id], RankByCostEffectiveness = byCost[a.Candidate.Id] })
            .OrderBy(a => a.RankByScore)
            .ToList();
    }

    /// <summary>Puts the project into the network; returns the stage whose indicators it changes.</summary>
    private static Stage Apply(SupplyNetwork network, CandidateProject candidate, IndicatorOptions options, List<string> notes)
    {
        var added = candidate.CapacityTonnesPerDay;
        switch (candidate.Kind)
        {
            case ProjectKind.Expansion:
            {
                var node = network.Node(candidate.NodeId!) ?? throw new ArgumentException($"candidate {candidate.Id}: node '{candidate.NodeId}' is not part of {network.Commodity}");
                node.ReportedOutputTonnesPerDay = node.OutputTonnesPerDay + added * options.CandidateUtilization;
                node.CapacityTonnesPerDay += added;
                node.InventoryTonnes += candidate.InventoryCapacityTonnes * options.DefaultInventoryFill;
                notes.Add($"expands {node.Name} ({node.Country}) by {F(added, "N1")} t/d");
                return node.Stage;
            }
            case ProjectKind.NewLane:
            {
                var lane = network.AddLane(candidate.Id, candidate.Name, candidate.FromNodeId!, candidate.ToNodeId!, added, 0, OperationalStatus.Operational, 0)
                           ?? throw new ArgumentException($"candidate {candidate.Id}: lane ends are not both part of {network.Commodity}");
                notes.Add($"new route {lane.From.Name} → {lane.To.Name}, {F(added, "N1")} t/d");
                return lane.From.Stage;
            }
            default:
            {
                var node = network.AddNode(new SupplyNode(candidate.Id, candidate.Name, NodeKindOf(candidate.Stage), candidate.Stage, candidate.Country, candidate.Operator)
                {
                    CapacityTonnesPerDay = added,
                    ExpectedUtilization = options.CandidateUtilization,
                    RecoveryDays = options.CandidateRecoveryDays,
                    InventoryTonnes = candidate.InventoryCapacityTonnes * options.DefaultInventoryFill,
                });
                if (!string.IsNullOrEmpty(candidate.FromNodeId))
                    network.AddLane($"{candidate.Id}.in", $"{candidate.FromNodeId} → {candidate.Name}", candidate.FromNodeId, candidate.Id, added, 0, OperationalStatus.Operational, 0);
                if (!string.IsNullOrEmpty(candidate.ToNodeId))
                    network.AddLane($"{candidate.Id}.out", $"{candidate.Name} → {candidate.ToNodeId}", candidate.Id, candidate.ToNodeId, added, 0, OperationalStatus.Operational, 0);
                notes.Add($"adds {F(added, "N1")} t/d of {candidate.Stage.ToString().ToLowerInvariant()} capacity in {candidate.Country}");
                return node.Stage;
            }
        }
    }

    /// <summary>A stage's concentration gap is the same gap whichever country tops it; node and lane gaps are their subject's.</summary>
    private static bool SameGap(Gap a, Gap b) =>
        a.Kind == b.Kind && a.Stage == b.Stage && (a.Kind is GapKind.Concentration or GapKind.SingleCountry or GapKind.Circularity || a.Subject == b.Subject);

    private static string GapName(GapKind kind) => kind switch
    {
        GapKind.SingleCountry => "single-country",
        GapKind.SingleRoute => "single-route",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static NodeKind NodeKindOf(Stage stage) => stage switch
    {
        Stage.Extraction => NodeKind.Mine,
        Stage.Processing => NodeKind.Refinery,
        Stage.Manufacturing => NodeKind.Plant,
        Stage.Recycling => NodeKind.Recycler,
        Stage.Logistics => NodeKind.Port,
        _ => NodeKind.Consumer,
    };

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string P(double share) => (100 * share).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
