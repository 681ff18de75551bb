using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>What the seller model knows about a seller; plain facts, no grain state.</summary>
/// <param name="LinkedToEnforced">Shares some fingerprint with a suspended seller; read only when <paramref name="Links"/> is null.</param>
/// <param name="Links">
/// The seller's fingerprints that suspended sellers share, by kind and by how many share them;
/// when given (even empty) it replaces <paramref name="LinkedToEnforced"/>.
/// </param>
/// <param name="DormantSince">The seller's last listing activity before its latest long gap; null when it never had one.</param>
/// <param name="ReturnedAt">When the seller listed again after that gap.</param>
public sealed record SellerFacts(
    DateTimeOffset? RegisteredAt,
    DateTimeOffset FirstSeenAt,
    IReadOnlyDictionary<VerificationCheck, VerificationStatus> Verifications,
    IReadOnlyCollection<ListingRiskFact> Listings,
    IReadOnlyCollection<ReportFact> Reports,
    IReadOnlyCollection<DateTimeOffset> ConfirmedInfringements,
    int NoticedListings = 0,
    bool LinkedToEnforced = false,
    int ScanFailures = 0,
    IReadOnlyCollection<FingerprintLink>? Links = null,
    DateTimeOffset? DormantSince = null,
    DateTimeOffset? ReturnedAt = null);

/// <summary>One of the seller's listings as its seller carries it.</summary>
/// <param name="Signals">The listing's own signals (<see cref="ListingModel.Evaluate"/>); None when not known.</param>
/// <param name="BrandId">The brand the listing claims, for counting the brands a new account lists.</param>
/// <param name="ListedAt">When the seller last listed or changed it; <paramref name="At"/> when not known.</param>
public readonly record struct ListingRiskFact(
    ListingStatus Status,
    int Score,
    RemovedBy? RemovedBy,
    DateTimeOffset At,
    ListingSignals Signals = ListingSignals.None,
    string? BrandId = null,
    DateTimeOffset? ListedAt = null);
