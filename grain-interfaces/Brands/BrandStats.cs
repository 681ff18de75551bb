namespace IpGuard.GrainInterfaces;

/// <summary>What the brand's listings and notices came to.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.BrandStats")]
public sealed record BrandStats(
    long ListingsSeen,
    long ListingsRemoved,
    long ProactiveRemovals,
    long NoticesFiled,
    long NoticesAccepted,
    long InfringingSellers);
