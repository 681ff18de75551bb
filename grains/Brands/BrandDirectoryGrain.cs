using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>Every brand's registry entry, versioned, for the silos' registry copies.</summary>
[GrainType("brand-directory")]
internal sealed class BrandDirectoryGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<BrandDirectoryState> state) : DurableGrain, IBrandDirectoryGrain
{
    public async Task Upsert(BrandRegistryEntry entry)
    {
        if (state.State.Brands.TryGetValue(entry.BrandId, out var current) && Same(current, entry))
        {
            return;
        }

        state.State.Brands[entry.BrandId] = entry;
        state.State.Version++;
        await PersistAsync(state);
    }

    public Task<RegistrySnapshot?> GetSnapshot(long knownVersion) =>
        Task.FromResult(knownVersion == state.State.Version
            ? null
            : new RegistrySnapshot(state.State.Version, [.. state.State.Brands.Values]));

    private static bool Same(BrandRegistryEntry a, BrandRegistryEntry b) =>
        a.Name == b.Name && a.Restricted == b.Restricted && a.SelfServiceTakedown == b.SelfServiceTakedown
        && a.ReferencePrice == b.ReferencePrice
        && a.Trademarks.SequenceEqual(b.Trademarks) && a.ProtectedTerms.SequenceEqual(b.ProtectedTerms)
        && a.AuthorizedSellers.SequenceEqual(b.AuthorizedSellers)
        && a.OfficialImages.SequenceEqual(b.OfficialImages);
}
