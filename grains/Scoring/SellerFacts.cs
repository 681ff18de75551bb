using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>What the seller model knows about a seller; plain facts, no grain state.</summary>
public sealed record SellerFacts(
    DateTimeOffset? RegisteredAt,
    DateTimeOffset FirstSeenAt,
    IReadOnlyDictionary<VerificationCheck, VerificationStatus> Verifications,
    IReadOnlyCollection<ListingRiskFact> Listings,
    IReadOnlyCollection<ReportFact> Reports,
    IReadOnlyCollection<DateTimeOffset> ConfirmedInfringements,
    int NoticedListings = 0,
    bool LinkedToEnforced = false,
    int ScanFailures = 0);

/// <summary>One of the seller's listings as its seller carries it.</summary>
public readonly record struct ListingRiskFact(ListingStatus Status, int Score, RemovedBy? RemovedBy, DateTimeOffset At);
