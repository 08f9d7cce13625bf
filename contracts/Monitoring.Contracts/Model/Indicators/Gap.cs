namespace Monitoring.Contracts;

/// <summary>
/// A weakness of a commodity's network. Beside its English <see cref="Description"/>, the figures in it, so a client
/// can word it in its own language: <see cref="SubjectName"/> names <see cref="Subject"/> (a node or lane; a country
/// is a code); <see cref="RelatedName"/> is the node a single route serves; <see cref="Share"/> is the top country's
/// share of a concentrated stage; <see cref="TonnesPerDay"/> is the shortfall that cannot be made up (survivability),
/// the recycling capacity missing (circularity) or the lane's flow (single route).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.Gap")]
public sealed record Gap(
    GapKind Kind,
    Stage? Stage,
    string Subject,
    string Description,
    double LostVolumeTonnes,
    double Value,
    double Threshold,
    string SubjectName = "",
    string RelatedName = "",
    double Share = 0,
    double TonnesPerDay = 0);
