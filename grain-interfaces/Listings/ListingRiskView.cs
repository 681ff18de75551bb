namespace IpGuard.GrainInterfaces;

/// <summary>A listing's status, removal and explainable score.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ListingRiskView")]
public sealed record ListingRiskView(
    string ListingId,
    string SellerId,
    string? BrandId,
    ListingStatus Status,
    Removal? Removal,
    int Score,
    Band Band,
    IReadOnlyList<Factor> Factors,
    string Title,
    Money Price,
    int Reports,
    string PolicyVersion,
    DateTimeOffset UpdatedAt,
    ListingShadowView? Shadow = null);
