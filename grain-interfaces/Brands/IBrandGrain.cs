namespace IpGuard.GrainInterfaces;

/// <summary>A Brand Registry entry and its stats, keyed by brandId.</summary>
[Alias("ipguard.IBrandGrain")]
public interface IBrandGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the registry entry; stats are kept.</summary>
    [Alias("Put")]
    Task<BrandView> Put(BrandRegistryEntry entry);

    /// <summary>Adds and removes authorized sellers; null if the brand is not registered.</summary>
    [Alias("UpdateAuthorizedSellers")]
    Task<BrandView?> UpdateAuthorizedSellers(IReadOnlyList<string> add, IReadOnlyList<string> remove);

    /// <summary>Counts what a listing claiming this brand has become.</summary>
    [Alias("ApplyListingDelta")]
    Task ApplyListingDelta(BrandListingDelta delta);

    /// <summary>The brand view, or null if the brand is not registered.</summary>
    [Alias("Get"), ReadOnly]
    Task<BrandView?> Get();
}
