namespace IpGuard.GrainInterfaces;

/// <summary>A seller uses these photos (the hashes of one shard) on a listing of a brand, or of none.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ImageUse")]
public sealed record ImageUse(
    [property: Id(0)] string SellerId,
    [property: Id(1)] string? BrandId,
    [property: Id(2)] bool SellerAuthorizedForBrand,
    [property: Id(3)] IReadOnlyList<string> Hashes);
