using Monitoring.Domain.Topology;

namespace Monitoring.Domain.Indicators;

/// <summary>Resilience indicator settings (configuration section "Indicators"); docs/indicators.md explains each.</summary>
public sealed class IndicatorOptions : IValidatedOptions
{
    public static string SectionName => "Indicators";

    /// <summary>Weights of the score's components (normalised by their sum).</summary>
    public WeightOptions Weights { get; set; } = new();

    /// <summary>The named partner set (<see cref="PartnerSets"/>): whose capacity counts toward the partner share.</summary>
    public string PartnerSet { get; set; } = PartnerSets.Default;

    /// <summary>Countries of one's own (ISO 3166-1 alpha-2) instead of <see cref="PartnerSet"/>; empty: the named set.</summary>
    /// <remarks>Empty by default because configuration binding appends to a list rather than replacing it.</remarks>
    public List<string> PartnerCountries { get; set; } = [];

    public IReadOnlyList<string> EffectivePartnerCountries =>
        PartnerCountries.Count > 0 ? PartnerCountries : (PartnerSets.Named(PartnerSet) ?? PartnerSets.All[0]).Countries;

    /// <summary>What the partner share counts: the set's name, or "custom" for a list of one's own.</summary>
    public string EffectivePartnerSet => PartnerCountries.Count > 0 ? "custom" : PartnerSet;

    /// <summary>HHI above which a stage is highly concentrated (2010 US Horizontal Merger Guidelines).</summary>
    public double HhiHigh { get; set; } = 2500;

    /// <summary>HHI from which a stage is moderately concentrated.</summary>
    public double HhiModerate { get; set; } = 1500;

    /// <summary>Largest share of a stage one country should hold (EU Regulation 2024/1252, Art. 5).</summary>
    public double SingleCountryLimit { get; set; } = 0.65;

    /// <summary>Recycled share targeted (EU Regulation 2024/1252 recycling benchmark).</summary>
    public double RecyclingTarget { get; set; } = 0.25;

    /// <summary>Share of a stage-to-stage flow above which one lane is a single route.</summary>
    public double SingleRouteShare { get; set; } = 0.80;

    /// <summary>Days over which structural gaps (concentration, single route, circularity) measure the tonnes at stake.</summary>
    public double GapHorizonDays { get; set; } = 30;

    /// <summary>Inventory assumed, as a share of a node's storage, until the node reports one.</summary>
    public double DefaultInventoryFill { get; set; } = 0.5;

    /// <summary>Utilization assumed for a candidate project's new capacity.</summary>
    public double CandidateUtilization { get; set; } = 0.85;

    /// <summary>Time to recover assumed for a candidate project's new node, days.</summary>
    public double CandidateRecoveryDays { get; set; } = 30;

    /// <summary>How long a commodity waits after a change before recomputing, so a burst costs one computation.</summary>
    public TimeSpan RecomputeDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The problems with these settings, for validation at start.</summary>
    public IEnumerable<string> Problems()
    {
        var w = Weights.ToScoreWeights();
        foreach (var (name, weight) in new[]
                 {
                     (nameof(w.Availability), w.Availability), (nameof(w.Diversification), w.Diversification), (nameof(w.Survivability), w.Survivability),
                     (nameof(w.Circularity), w.Circularity), (nameof(w.FeedHealth), w.FeedHealth),
                 })
        {
            if (!double.IsFinite(weight) || weight < 0) yield return $"{SectionName}:Weights:{name} must be a number ≥ 0";
        }
        if (!(w.Sum > 0)) yield return $"{SectionName}:Weights must not all be 0";
        if (PartnerSets.Named(PartnerSet) is null)
            yield return $"{SectionName}:PartnerSet: '{PartnerSet}' is not one of {string.Join(", ", PartnerSets.All.Select(s => s.Name))}";
        foreach (var country in PartnerCountries.Where(c => !CountryCodes.IsAssigned(c)))
            yield return $"{SectionName}:PartnerCountries: '{country}' is not an ISO 3166-1 alpha-2 code in upper case";
        if (!(HhiModerate > 0 && HhiModerate <= HhiHigh && HhiHigh <= 10_000)) yield return $"{SectionName}: need 0 < HhiModerate ≤ HhiHigh ≤ 10000";
        foreach (var (name, ratio) in new[]
                 {
                     (nameof(SingleCountryLimit), SingleCountryLimit), (nameof(SingleRouteShare), SingleRouteShare),
                     (nameof(DefaultInventoryFill), DefaultInventoryFill), (nameof(CandidateUtilization), CandidateUtilization),
                 })
        {
            if (!(ratio > 0 && ratio <= 1)) yield return $"{SectionName}:{name} must be in (0, 1]";
        }
        if (!(RecyclingTarget > 0 && RecyclingTarget < 1)) yield return $"{SectionName}:RecyclingTarget must be in (0, 1)";
        if (!(GapHorizonDays > 0 && GapHorizonDays <= 3650)) yield return $"{SectionName}:GapHorizonDays must be in (0, 3650]";
        if (!(CandidateRecoveryDays >= 0 && CandidateRecoveryDays <= 3650)) yield return $"{SectionName}:CandidateRecoveryDays must be in [0, 3650]";
        if (RecomputeDelay < TimeSpan.Zero || RecomputeDelay > TimeSpan.FromSeconds(1))
            yield return $"{SectionName}:RecomputeDelay must be between 0 and 1 second (indicators follow changes within a second)";
    }
}
