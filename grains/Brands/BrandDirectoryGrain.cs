using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>Every brand's registry entry, versioned, for the silos' registry copies.</summary>
[GrainType("brand-directory")]
internal sealed class BrandDirectoryGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<BrandDirectoryState> state) : DurableGrain<BrandDirectoryState>(state), IBrandDirectoryGrain
{
    public async Task Upsert(BrandRegistryEntry entry)
    {
        if (State.Brands.TryGetValue(entry.BrandId, out var current) && Same(current, entry))
        {
            return;
        }

        State.Brands[entry.BrandId] = entry;
        State.Version++;
        await PersistAsync();
    }

    public Task<RegistrySnapshot?> GetSnapshot(long knownVersion) =>
        Task.FromResult(knownVersion == State.Version
            ? null
            : new RegistrySnapshot(State.Version, [.. State.Brands.Values]));

    private static bool Same(BrandRegistryEntry a, BrandRegistryEntry b) =>
        a.Name == b.Name && a.Restricted == b.Restricted && a.SelfServiceTakedown == b.SelfServiceTakedown
        && a.ReferencePrice == b.ReferencePrice
        && a.Trademarks.SequenceEqual(b.Trademarks) && a.ProtectedTerms.SequenceEqual(b.ProtectedTerms)
        && a.AuthorizedSellers.SequenceEqual(b.AuthorizedSellers)
        && a.OfficialImages.SequenceEqual(b.OfficialImages);
}
