namespace IpGuard.GrainInterfaces;

/// <summary>The short form of a seller's risk, embedded in other answers.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.SellerSummary")]
public sealed record SellerSummary(string SellerId, int Score, Band Band, Decision Decision);
