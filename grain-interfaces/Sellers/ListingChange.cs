namespace IpGuard.GrainInterfaces;

/// <summary>
/// A listing's current risk, pushed to its seller. It states the listing's whole current
/// contribution, so applying it twice or out of order (older Version) is harmless.
/// </summary>
/// <param name="ListedAt">When the seller last listed or changed the listing (its event's occurredAt when given and not in the future); the seller's listing activity.</param>
[GenerateSerializer, Immutable, Alias("ipguard.ListingChange")]
public sealed record ListingChange(
    string ListingId,
    long Version,
    string? BrandId,
    ListingStatus Status,
    int Score,
    RemovedBy? RemovedBy,
    DateTimeOffset At,
    IReadOnlyList<ListingReporter> NewReporters,
    int BrandNotices = 0,
    string? ConfirmedBy = null,
    bool RemovedBySeller = false,
    long SellerEpoch = 0,
    int Signals = 0,
    DateTimeOffset? ListedAt = null);
