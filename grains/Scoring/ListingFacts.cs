using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>What the listing model knows about a listing; plain facts, no grain state.</summary>
/// <param name="Images">What the image index knows of the listing's photos; the default knows nothing.</param>
/// <param name="ObservedPrice">The typical price observed for the claimed brand's listings, when the grain knows it.</param>
public sealed record ListingFacts(
    string SellerId,
    string? BrandId,
    string Title,
    IReadOnlyList<string> DescriptionTerms,
    Money Price,
    DateTimeOffset ChangedAt,
    IReadOnlyCollection<ReportFact> Reports,
    int BrandNotices = 0,
    int ScanFailures = 0,
    ImageEvidence Images = default,
    ObservedBrandPrice? ObservedPrice = null);

/// <summary>One distinct reporter's report, with the weight its credibility earns it.</summary>
public readonly record struct ReportFact(ReporterKind Kind, double Weight, DateTimeOffset At);
