namespace IpGuard.GrainInterfaces;

/// <summary>A listing using these photos (the hashes of one shard) was removed as counterfeit.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.CounterfeitImages")]
public sealed record CounterfeitImages(
    [property: Id(0)] string ListingId,
    [property: Id(1)] string SellerId,
    [property: Id(2)] IReadOnlyList<string> Hashes);
