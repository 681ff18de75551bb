namespace IpGuard.GrainInterfaces;

/// <summary>
/// What a listing claiming the brand has become: seen, removed, removed proactively. The brand
/// counts each listing once per flag, so a repeated or late delta is harmless.
/// </summary>
[GenerateSerializer, Immutable, Alias("ipguard.BrandListingDelta")]
public sealed record BrandListingDelta(string ListingId, string SellerId, bool Removed, bool Proactive);
