using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>A Brand Registry entry and the stats of the listings that claim the brand.</summary>
[GrainType("brand")]
internal sealed class BrandGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<BrandState> state,
    RegistryCache registry,
    RiskClock clock) : DurableGrain, IBrandGrain
{
    private BrandState S => state.State;

    public async Task<BrandView> Put(BrandRegistryEntry entry)
    {
        S.Entry = entry with { BrandId = this.GetPrimaryKeyString() };
        S.UpdatedAt = clock.UtcNow;
        await PersistAsync(state);
        await PublishAsync();
        return View();
    }

    public async Task<BrandView?> UpdateAuthorizedSellers(IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        if (S.Entry is null)
        {
            return null;
        }

        var sellers = S.Entry.AuthorizedSellers.Concat(add).Distinct(StringComparer.Ordinal).Except(remove, StringComparer.Ordinal).ToArray();
        S.Entry = S.Entry with { AuthorizedSellers = sellers };
        S.UpdatedAt = clock.UtcNow;
        await PersistAsync(state);
        await PublishAsync();
        return View();
    }

    public async Task ApplyListingDelta(BrandListingDelta delta)
    {
        var next = ListingFlags.Seen
            | (delta.Removed ? ListingFlags.Removed : 0)
            | (delta.Proactive ? ListingFlags.Proactive : 0);
        var previous = S.Listings.GetValueOrDefault(delta.ListingId);
        if (previous == next)
        {
            return;
        }

        S.Listings[delta.ListingId] = next;
        S.ListingsRemoved += Step(previous, next, ListingFlags.Removed);
        S.ProactiveRemovals += Step(previous, next, ListingFlags.Proactive);
        if (delta.Removed)
        {
            S.InfringingSellers.Add(delta.SellerId);
        }

        await PersistAsync(state);
    }

    public Task<BrandView?> Get() => Task.FromResult(S.Entry is null ? null : View());

    /// <summary>Tells the directory, then this silo's registry copy, that the entry changed.</summary>
    private async Task PublishAsync()
    {
        await GrainFactory.GetGrain<IBrandDirectoryGrain>(IBrandDirectoryGrain.Key).Upsert(S.Entry!);
        registry.Invalidate();
    }

    private static int Step(ListingFlags previous, ListingFlags next, ListingFlags flag) =>
        (next.HasFlag(flag) ? 1 : 0) - (previous.HasFlag(flag) ? 1 : 0);

    private BrandView View()
    {
        var e = S.Entry!;
        var stats = new BrandStats(S.Listings.Count, S.ListingsRemoved, S.ProactiveRemovals, S.NoticesFiled, S.NoticesAccepted, S.InfringingSellers.Count);
        return new BrandView(e.BrandId, e.Name, e.Trademarks, e.ProtectedTerms, e.AuthorizedSellers, e.ReferencePrice,
            e.Restricted, e.SelfServiceTakedown, stats, S.UpdatedAt);
    }
}
