namespace Monitoring.Domain.Indicators;

/// <summary>
/// The named partner sets an analyst chooses from (`Indicators:PartnerSet`), each with the source that defines it:
/// whose capacity counts toward a stage's and an incident's partner share. `Indicators:PartnerCountries` replaces
/// the chosen set with a list of one's own. docs/indicators.md lists them.
/// </summary>
public static class PartnerSets
{
    public const string Default = "us-fta-jp";

    public static readonly IReadOnlyList<PartnerSet> All =
    [
        new(Default, "United States, its free-trade-agreement partners and Japan",
            "US Treasury, Notice 2023-16 and 26 CFR 1.30D-3 (the clean-vehicle credit's critical-mineral requirement: countries with a US free-trade agreement, and Japan under the 2023 US–Japan Critical Minerals Agreement)",
            ["US", "AU", "BH", "CA", "CL", "CO", "CR", "DO", "GT", "HN", "IL", "JO", "JP", "KR", "MA", "MX", "NI", "OM", "PA", "PE", "SG", "SV"]),
        new("msp", "Minerals Security Partnership",
            "US Department of State, Minerals Security Partnership (members as of 2024; the European Union, also a member, is counted through its member states listed here)",
            ["US", "AU", "CA", "DE", "EE", "FI", "FR", "GB", "IN", "IT", "JP", "KR", "NO", "SE"]),
        new("g7", "Group of Seven",
            "G7 Critical Minerals Action Plan (2025): its members",
            ["CA", "DE", "FR", "GB", "IT", "JP", "US"]),
        new("us", "United States alone", "domestic supply only", ["US"]),
    ];

    /// <summary>The set of that name, or null.</summary>
    public static PartnerSet? Named(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
