namespace IpGuard.GrainInterfaces;

/// <summary>The answer to a listing event: the listing's risk and its seller's after it.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ListingResult")]
public sealed record ListingResult(
    string ListingId,
    ListingStatus Status,
    int Score,
    Band Band,
    IReadOnlyList<Factor> Factors,
    SellerSummary Seller,
    bool Duplicate = false);
