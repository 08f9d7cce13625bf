namespace Monitoring.Contracts;

[GenerateSerializer, Immutable, Alias("monitoring.ProjectAppraisal")]
public sealed record ProjectAppraisal(
    CandidateProject Candidate,
    int RankByScore,
    int RankByCostEffectiveness,
    double ScoreBefore,
    double ScoreAfter,
    Stage Stage,
    double AvailableRatioDelta,
    double CapacityDeltaTonnesPerDay,
    double HhiDelta,
    double TopCountryShareDelta,
    double RecycledShareDelta,
    double LostVolumeDeltaTonnes,
    double LostTonnesAvoidedPerMillionUsd,
    IReadOnlyList<string> Notes)
{
    public double ScoreGain => ScoreAfter - ScoreBefore;
}
