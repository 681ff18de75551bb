namespace IpGuard.Grains;

/// <summary>
/// An image index shard's stored state: its evidence tier only (a photo one seller uses is not
/// worth a write), least recently used first. Ids are never renumbered.
/// </summary>
[GenerateSerializer, Alias("ipguard.ImageShardState")]
internal sealed class ImageShardState
{
    /// <summary>Null in memory between writes: the index holds the entries.</summary>
    [Id(0)] public List<ImageRecord>? Records { get; set; }
}

/// <summary>One stored image hash (its 128-bit key in two halves) and what is known of it.</summary>
[GenerateSerializer, Alias("ipguard.ImageRecord")]
internal sealed record ImageRecord(
    [property: Id(0)] ulong KeyHigh,
    [property: Id(1)] ulong KeyLow,
    [property: Id(2)] ulong[] Sellers,
    [property: Id(3)] ulong SellerBits,
    [property: Id(4)] ulong[]? AuthorizedBrands,
    [property: Id(5)] ulong[]? CounterfeitListings,
    [property: Id(6)] ulong CounterfeitListingBits,
    [property: Id(7)] string[]? CounterfeitSellers,
    [property: Id(8)] ulong CounterfeitSellerBits);
