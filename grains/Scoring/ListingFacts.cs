using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>What the listing model knows about a listing; plain facts, no grain state.</summary>
public sealed record ListingFacts(
    string SellerId,
    string? BrandId,
    string Title,
    IReadOnlyList<string> DescriptionTerms,
    Money Price,
    DateTimeOffset ChangedAt,
    IReadOnlyCollection<ReportFact> Reports,
    int BrandNotices = 0,
    int ScanFailures = 0);

/// <summary>One distinct reporter's report, with the weight its credibility earns it.</summary>
public readonly record struct ReportFact(ReporterKind Kind, double Weight, DateTimeOffset At);
