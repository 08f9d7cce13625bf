using V1 = Monitoring.Api.V1;

namespace Monitoring.Gateway.Api;

/// <summary>The indicators, sourcing, stress tests and project appraisals: their protobuf types and domain records.</summary>
public static partial class ProtoMapping
{
    public static V1.CommodityIndicators ToProto(Contracts.CommodityIndicators i)
    {
        var indicators = new V1.CommodityIndicators
        {
            Commodity = i.Commodity,
            ComputedAt = ToTimestamp(i.ComputedAt),
            Score = ToProto(i.Score),
            RecycledShare = i.RecycledShare,
            TopologyVersion = (ulong)i.TopologyVersion,
            PartnerSet = i.PartnerSet,
        };
        indicators.PartnerCountries.AddRange(i.PartnerCountries ?? []);
        indicators.Stages.AddRange(i.Stages.Select(ToProto));
        indicators.Nodes.AddRange(i.Nodes.Select(ToProto));
        indicators.Gaps.AddRange(i.Gaps.Select(ToProto));
        indicators.Trend.AddRange((i.Trend ?? []).Select(p => new V1.ScorePoint { At = ToTimestamp(p.At), Value = p.Value }));
        return indicators;
    }

    public static V1.ResilienceScore ToProto(Contracts.ResilienceScore s) => new()
    {
        Value = s.Value,
        Availability = s.Availability,
        Diversification = s.Diversification,
        Survivability = s.Survivability,
        Circularity = s.Circularity,
        FeedHealth = s.FeedHealth,
        Weights = new V1.ScoreWeights
        {
            Availability = s.Weights.Availability, Diversification = s.Weights.Diversification, Survivability = s.Weights.Survivability,
            Circularity = s.Weights.Circularity, FeedHealth = s.Weights.FeedHealth,
        },
    };

    public static V1.StageIndicators ToProto(Contracts.StageIndicators s)
    {
        var stage = new V1.StageIndicators
        {
            Stage = (V1.Stage)s.Stage,
            NodeCount = (uint)s.NodeCount,
            CapacityTpd = s.CapacityTonnesPerDay,
            AvailableTpd = s.AvailableTonnesPerDay,
            AvailableRatio = s.AvailableRatio,
            HhiCountry = s.HhiCountry,
            HhiBand = s.HhiBand,
            HhiOperator = s.HhiOperator,
            TopCountry = s.TopCountry,
            TopCountryShare = s.TopCountryShare,
            PartnerShare = s.PartnerShare,
            HhiControl = s.HhiControl,
            TopControlCountry = s.TopControlCountry,
            TopControlShare = s.TopControlShare,
            PartnerShareControl = s.PartnerShareControl,
        };
        stage.Countries.AddRange(s.Countries.Select(ToProto));
        stage.ControlCountries.AddRange((s.ControlCountries ?? []).Select(ToProto));
        return stage;
    }

    public static V1.CountryShare ToProto(Contracts.CountryShare c) => new() { Country = c.Country, Share = c.Share, CapacityTpd = c.CapacityTonnesPerDay };

    public static V1.NodeExposure ToProto(Contracts.NodeExposure e)
    {
        var exposure = new V1.NodeExposure
        {
            NodeId = e.NodeId,
            Name = e.Name,
            Stage = (V1.Stage)e.Stage,
            Country = e.Country,
            Status = (V1.OperationalStatus)e.Status,
            CapacityTpd = e.CapacityTonnesPerDay,
            OutputTpd = e.OutputTonnesPerDay,
            ShortfallTpd = e.ShortfallTonnesPerDay,
            BufferT = e.BufferTonnes,
            TtsUnbounded = e.TtsDays is null,
            TtrDays = e.TtrDays,
            Exposed = e.Exposed,
            LostVolumeT = e.LostVolumeTonnes,
            Rei = e.Rei,
        };
        if (e.TtsDays is { } tts) exposure.TtsDays = tts;
        return exposure;
    }

    public static V1.Sourcing ToProto(Contracts.Sourcing s)
    {
        var sourcing = new V1.Sourcing { Commodity = s.Commodity, ConsumerCountry = s.ConsumerCountry, ReceivedTpd = s.ReceivedTonnesPerDay, DemandTpd = s.DemandTonnesPerDay };
        sourcing.Stages.AddRange(s.Stages.Select(stage =>
        {
            var proto = new V1.StageSourcing
            {
                Stage = (V1.Stage)stage.Stage, UnattributedShare = stage.UnattributedShare,
                DomesticProductionTpd = stage.DomesticProductionTonnesPerDay, NetImportReliance = stage.NetImportReliance,
            };
            proto.Origins.AddRange(stage.Origins.Select(o => new V1.OriginShare { Country = o.Country, Share = o.Share, Tpd = o.TonnesPerDay }));
            return proto;
        }));
        return sourcing;
    }

    public static V1.Gap ToProto(Contracts.Gap g) => new()
    {
        Kind = (V1.GapKind)g.Kind,
        Stage = g.Stage is { } stage ? (V1.Stage)stage : V1.Stage.Unspecified,
        Subject = g.Subject,
        Description = g.Description,
        LostVolumeT = g.LostVolumeTonnes,
        Value = g.Value,
        Threshold = g.Threshold,
        SubjectName = g.SubjectName,
        RelatedName = g.RelatedName,
        Share = g.Share,
        TonnesPerDay = g.TonnesPerDay,
    };

    public static V1.CommodityStress ToProto(Contracts.CommodityStress s)
    {
        var stress = new V1.CommodityStress { Commodity = s.Commodity, ScoreBefore = s.ScoreBefore, ScoreDuring = s.ScoreDuring };
        stress.Stages.AddRange(s.Stages.Select(l => new V1.StageLoss
        {
            Stage = (V1.Stage)l.Stage, CapacityTpd = l.CapacityTonnesPerDay, LostTpd = l.LostTonnesPerDay, AvailableRatioDuring = l.AvailableRatioDuring,
        }));
        stress.Downstream.AddRange(s.Downstream.Select(d =>
        {
            var impact = new V1.DownstreamImpact
            {
                NodeId = d.NodeId, Name = d.Name, ShortfallStartsDay = d.ShortfallStartsDay, ShortfallTpd = d.ShortfallTonnesPerDay,
                InventoryT = d.InventoryTonnes, ShortT = d.ShortTonnes, ShortfallEndsDay = d.ShortfallEndsDay,
                SubstitutedTpd = d.SubstitutedTonnesPerDay,
            };
            if (d.RunsOutDay is { } day) impact.RunsOutDay = day;
            return impact;
        }));
        return stress;
    }

    public static Contracts.CandidateProject ToDomain(V1.CandidateProject c) => new(
        c.Id, c.Name, (Contracts.ProjectKind)c.Kind, c.Commodity, (Contracts.Stage)c.Stage, c.Country, c.Operator,
        c.CapacityTpd, c.CostMusd, c.YearsToCommission,
        c.NodeId.Length == 0 ? null : c.NodeId, c.FromNodeId.Length == 0 ? null : c.FromNodeId, c.ToNodeId.Length == 0 ? null : c.ToNodeId,
        c.InventoryCapacityT);

    public static V1.CandidateProject ToProto(Contracts.CandidateProject c) => new()
    {
        Id = c.Id, Name = c.Name, Kind = (V1.ProjectKind)c.Kind, Commodity = c.Commodity, Stage = (V1.Stage)c.Stage, Country = c.Country,
        Operator = c.Operator, CapacityTpd = c.CapacityTonnesPerDay, CostMusd = c.CostMillionUsd, YearsToCommission = c.YearsToCommission,
        NodeId = c.NodeId ?? "", FromNodeId = c.FromNodeId ?? "", ToNodeId = c.ToNodeId ?? "", InventoryCapacityT = c.InventoryCapacityTonnes,
    };

    public static V1.ProjectAppraisal ToProto(Contracts.ProjectAppraisal a)
    {
        var appraisal = new V1.ProjectAppraisal
        {
            Candidate = ToProto(a.Candidate),
            RankByScore = (uint)a.RankByScore,
            RankByCostEffectiveness = (uint)a.RankByCostEffectiveness,
            ScoreBefore = a.ScoreBefore,
            ScoreAfter = a.ScoreAfter,
            ScoreGain = a.ScoreGain,
            Stage = (V1.Stage)a.Stage,
            AvailableRatioDelta = a.AvailableRatioDelta,
            CapacityDeltaTpd = a.CapacityDeltaTonnesPerDay,
            HhiDelta = a.HhiDelta,
            TopCountryShareDelta = a.TopCountryShareDelta,
            RecycledShareDelta = a.RecycledShareDelta,
            LostVolumeDeltaT = a.LostVolumeDeltaTonnes,
            LostTonnesAvoidedPerMusd = a.LostTonnesAvoidedPerMillionUsd,
        };
        appraisal.Notes.AddRange(a.Notes);
        return appraisal;
    }
}
