namespace IpGuard.GrainInterfaces;

/// <summary>Counters kept for a seller; reports count distinct reporters.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.SellerCounts")]
public sealed record SellerCounts(int Listings, int ActiveListings, int RemovedListings, int Reports, int ConfirmedInfringements);
