namespace IpGuard.GrainInterfaces;

/// <summary>
/// The index of every brand's registry entry, read by each silo's registry cache at most once
/// per refresh interval and written only when a brand's entry changes (never on ingest).
/// </summary>
[Alias("ipguard.IBrandDirectoryGrain")]
public interface IBrandDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The one key this grain is used with.</summary>
    public const string Key = "registry";

    /// <summary>Stores a brand's current entry and bumps the version.</summary>
    [Alias("Upsert")]
    Task Upsert(BrandRegistryEntry entry);

    /// <summary>The snapshot, or null when the caller already has this version.</summary>
    [Alias("GetSnapshot"), ReadOnly]
    Task<RegistrySnapshot?> GetSnapshot(long knownVersion);
}
