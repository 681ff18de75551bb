namespace IpGuard.GrainInterfaces;

/// <summary>
/// One shard of a brand's listing stats, keyed "{brandId}/{shard}" (by listing id hash), so that
/// counting a new listing writes a small shard rather than every listing the brand ever had.
/// </summary>
[Alias("ipguard.IBrandStatsGrain")]
public interface IBrandStatsGrain : IGrainWithStringKey
{
    public const int Shards = 64;

    /// <summary>Counts what a listing claiming the brand has become (idempotent per listing).</summary>
    [Alias("Apply")]
    Task Apply(BrandListingDelta delta);

    /// <summary>This shard's counts and infringing sellers.</summary>
    [Alias("Get"), ReadOnly]
    Task<BrandStatsShard> Get();

    /// <summary>The shard key for a listing of a brand.</summary>
    public static string KeyFor(string brandId, string listingId)
    {
        var hash = 17u;
        foreach (var c in listingId)
        {
            hash = unchecked((hash * 31) + c);
        }

        return $"{brandId}/{(hash % Shards).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}

/// <summary>One shard's counts.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.BrandStatsShard")]
public sealed record BrandStatsShard(long ListingsSeen, long ListingsRemoved, long ProactiveRemovals, IReadOnlyList<string> InfringingSellers);
