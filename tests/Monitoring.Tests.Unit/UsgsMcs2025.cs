namespace Monitoring.Tests.Unit;

/// <summary>
/// World mine production in 2024 (estimated) by country, as the U.S. Geological Survey's Mineral Commodity Summaries 2025
/// print it (copper pp. 64–65, lithium pp. 110–111, molybdenum pp. 122–123, rare earths pp. 144–145;
/// https://pubs.usgs.gov/periodicals/mcs2025/). Countries the summaries fold into "other countries" are not listed;
/// <see cref="Reference.Other"/> is that line. The demo scenario's extraction capacities are held against these.
/// </summary>
internal static class UsgsMcs2025
{
    /// <param name="World">The rounded world total the summaries print.</param>
    /// <param name="Countries">Country (ISO alpha-2) → production, in the unit of the chapter.</param>
    /// <param name="Other">"Other countries".</param>
    /// <param name="Withheld">Countries whose production is withheld ("W"), left out of the world total (and of the comparison).</param>
    internal sealed record Reference(string Unit, double World, IReadOnlyDictionary<string, double> Countries, double Other, IReadOnlySet<string> Withheld);

    public static readonly IReadOnlyDictionary<string, Reference> MineProduction = new Dictionary<string, Reference>
    {
        ["cu"] = new("thousand t Cu", 23_000, new Dictionary<string, double>
        {
            ["CL"] = 5_300, ["CD"] = 3_300, ["PE"] = 2_600, ["CN"] = 1_800, ["ID"] = 1_100, ["US"] = 1_100, ["RU"] = 930,
            ["AU"] = 800, ["KZ"] = 740, ["MX"] = 700, ["ZM"] = 680, ["CA"] = 450, ["PL"] = 410, ["IN"] = 30,
        }, 2_700, new HashSet<string>()),
        ["li"] = new("t Li", 240_000, new Dictionary<string, double>
        {
            ["AU"] = 88_000, ["CL"] = 49_000, ["CN"] = 41_000, ["ZW"] = 22_000, ["AR"] = 18_000, ["BR"] = 10_000,
            ["CA"] = 4_300, ["NA"] = 2_700, ["PT"] = 380,
        }, 0, new HashSet<string> { "US" }),
        ["mo"] = new("t Mo", 260_000, new Dictionary<string, double>
        {
            ["CN"] = 110_000, ["PE"] = 41_000, ["CL"] = 38_000, ["US"] = 33_000, ["MX"] = 17_000, ["AM"] = 8_000, ["KZ"] = 3_900,
            ["MN"] = 3_100, ["IR"] = 3_000, ["RU"] = 1_700, ["UZ"] = 1_700, ["CA"] = 1_200, ["AU"] = 1_000, ["KP"] = 700, ["KR"] = 300,
        }, 0, new HashSet<string>()),
        ["ree"] = new("t REO", 390_000, new Dictionary<string, double>
        {
            ["CN"] = 270_000, ["US"] = 45_000, ["MM"] = 31_000, ["AU"] = 13_000, ["NG"] = 13_000, ["TH"] = 13_000, ["IN"] = 2_900,
            ["RU"] = 2_500, ["MG"] = 2_000, ["VN"] = 300, ["MY"] = 130, ["BR"] = 20,
        }, 1_100, new HashSet<string>()),
    };

    /// <summary>Refinery production of copper in 2024 (estimated), thousand t, primary and secondary (MCS 2025 p. 65).</summary>
    public static readonly Reference CopperRefineryProduction = new("thousand t Cu", 27_000, new Dictionary<string, double>
    {
        ["CN"] = 12_000, ["CD"] = 2_500, ["CL"] = 1_900, ["JP"] = 1_600, ["RU"] = 960, ["US"] = 890, ["DE"] = 630, ["KR"] = 620,
        ["PL"] = 590, ["IN"] = 510, ["KZ"] = 470, ["AU"] = 460, ["PE"] = 390, ["MX"] = 350, ["ID"] = 350, ["CA"] = 320, ["ZM"] = 170,
    }, 2_500, new HashSet<string>());

    /// <summary>
    /// Secondary (scrap-based) refined copper as a share of refined production in 2024: 4.58 Mt of 27.63 Mt (International
    /// Copper Study Group, as reported by metals-wire.net, 2025).
    /// </summary>
    public const double CopperSecondaryShare = 4.58 / 27.63;
}
