using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>One shard of a brand's listing stats, exact per listing.</summary>
[GrainType(GrainTypes.BrandStats)]
[Reentrant] // Apply changes state without awaiting first, so new listings interleave and share writes.
internal sealed class BrandStatsGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<BrandStatsState> state) : DurableGrain, IBrandStatsGrain
{
    private BrandStatsState S => state.State;

    public async Task Apply(BrandListingDelta delta)
    {
        var next = ListingFlags.Seen
            | (delta.Removed ? ListingFlags.Removed : 0)
            | (delta.Proactive ? ListingFlags.Proactive : 0);
        var changed = delta.Removed && delta.SellerId.Length > 0 && S.InfringingSellers.Add(delta.SellerId);
        var previous = S.Listings.GetValueOrDefault(delta.ListingId);
        if (previous != next)
        {
            S.Listings[delta.ListingId] = next;
            S.ListingsRemoved += Step(previous, next, ListingFlags.Removed);
            S.ProactiveRemovals += Step(previous, next, ListingFlags.Proactive);
            changed = true;
        }

        if (changed)
        {
            await PersistAsync(state);
        }
    }

    public Task<BrandStatsShard> Get() =>
        Task.FromResult(new BrandStatsShard(S.Listings.Count, S.ListingsRemoved, S.ProactiveRemovals, [.. S.InfringingSellers]));

    private static int Step(ListingFlags previous, ListingFlags next, ListingFlags flag) =>
        (next.HasFlag(flag) ? 1 : 0) - (previous.HasFlag(flag) ? 1 : 0);
}

/// <summary>A brand stats shard's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.BrandStatsState")]
internal sealed class BrandStatsState
{
    /// <summary>What each listing of the shard counts as, so a repeated or late delta changes nothing.</summary>
    [Id(0)] public Dictionary<string, ListingFlags> Listings { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public long ListingsRemoved { get; set; }
    [Id(2)] public long ProactiveRemovals { get; set; }
    [Id(3)] public HashSet<string> InfringingSellers { get; set; } = new(StringComparer.Ordinal);
}
