namespace IpGuard.GrainInterfaces;

/// <summary>A batch item's answer: the listing's new status and score, and the seller's decision when the seller was told.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ListingIngested")]
public sealed record ListingIngested(
    [property: Id(0)] ListingStatus Status,
    [property: Id(1)] int Score,
    [property: Id(2)] Decision? SellerDecision);
