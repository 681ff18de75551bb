namespace IpGuard.GrainInterfaces;

/// <summary>The short form of a listing's risk, embedded in other answers.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ListingSummary")]
public sealed record ListingSummary(string ListingId, ListingStatus Status, int Score, Band Band);
