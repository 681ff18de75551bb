using IpGuard.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>
/// One shard of a brand's listing stats, exact per listing. What each listing counts as is kept in
/// <see cref="Pages"/> pages (<see cref="PagedRecords{TPage}"/>), so a new listing writes the page
/// holding it, not every listing of the shard; a page past <see cref="ChunkListings"/> listings
/// grows by chunks, so a brand of millions of listings still writes records of that size. The
/// counters are counted from the pages on activation.
/// </summary>
[GrainType(GrainTypes.BrandStats)]
[Reentrant] // Apply changes state without awaiting first, so new listings interleave and share writes.
internal sealed class BrandStatsGrain : Grain, IBrandStatsGrain
{
    /// <summary>Pages a shard (64 shards a brand).</summary>
    public const int Pages = 8;

    /// <summary>
    /// The listings a page's record holds before the page grows by a chunk: ~7 KB written, which a
    /// brand reaches at ~130,000 listings (64 shards × 8 pages × 256).
    /// </summary>
    public const int ChunkListings = 256;

    private PagedRecords<BrandStatsPage> _pages = null!;

    /// <summary>Every page's infringing sellers together: a seller counts once in the shard.</summary>
    private readonly HashSet<string> _infringing = new(StringComparer.Ordinal);

    private long _seen;
    private long _removed;
    private long _proactive;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pages = new PagedRecords<BrandStatsPage>(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default), this.GetGrainId(), Pages,
            static p => p.Listings.Count, ChunkListings);
        await _pages.LoadAsync<BrandStatsState>(MoveIntoPages);
        foreach (var page in _pages.All)
        {
            _infringing.UnionWith(page.InfringingSellers);
            foreach (var flags in page.Listings.Values)
            {
                Count(0, flags);
            }
        }
    }

    public async Task Apply(BrandListingDelta delta)
    {
        var next = ListingFlags.Seen
            | (delta.Removed ? ListingFlags.Removed : 0)
            | (delta.Proactive ? ListingFlags.Proactive : 0);
        var slot = _pages.Locate(delta.ListingId, static (p, listingId) => p.Listings.ContainsKey(listingId));
        var page = _pages[slot];
        var changed = delta.Removed && delta.SellerId.Length > 0 && _infringing.Add(delta.SellerId) && page.InfringingSellers.Add(delta.SellerId);
        var previous = page.Listings.GetValueOrDefault(delta.ListingId);
        if (previous != next)
        {
            page.Listings[delta.ListingId] = next;
            Count(previous, next);
            changed = true;
        }

        if (!changed)
        {
            return;
        }

        try
        {
            await _pages.WriteAsync(slot);
        }
        catch (Exception)
        {
            // Whether the page was written is unknown (its ETag with it): the next activation reads
            // what storage holds, and the listing sends its change again until it is confirmed.
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<BrandStatsShard> Get() =>
        Task.FromResult(new BrandStatsShard(_seen, _removed, _proactive, [.. _infringing]));

    /// <summary>Spreads a shard's record written before paging over the pages; the pages it changed.</summary>
    private List<int> MoveIntoPages(BrandStatsState old)
    {
        var touched = new List<int>();
        foreach (var (listingId, flags) in old.Listings)
        {
            var index = _pages.PageOf(listingId);
            if (_pages[index].Listings.TryAdd(listingId, flags))
            {
                touched.Add(index);
            }
        }

        foreach (var sellerId in old.InfringingSellers)
        {
            var index = _pages.PageOf(sellerId);
            if (_pages.All.All(p => !p.InfringingSellers.Contains(sellerId)) && _pages[index].InfringingSellers.Add(sellerId))
            {
                touched.Add(index);
            }
        }

        return touched;
    }

    private void Count(ListingFlags previous, ListingFlags next)
    {
        _seen += Step(previous, next, ListingFlags.Seen);
        _removed += Step(previous, next, ListingFlags.Removed);
        _proactive += Step(previous, next, ListingFlags.Proactive);
    }

    private static int Step(ListingFlags previous, ListingFlags next, ListingFlags flag) =>
        ((next & flag) != 0 ? 1 : 0) - ((previous & flag) != 0 ? 1 : 0);
}

/// <summary>One page of a brand stats shard (<see cref="PagedRecords{TPage}"/>). Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.BrandStatsPage")]
internal sealed class BrandStatsPage
{
    /// <summary>What each listing of the page counts as, so a repeated or late delta changes nothing.</summary>
    [Id(0)] public Dictionary<string, ListingFlags> Listings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Sellers that had a listing of the brand removed, first seen with a listing of this page.</summary>
    [Id(1)] public HashSet<string> InfringingSellers { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A brand stats shard's whole record before its listings were paged: read once, to move it into the pages. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.BrandStatsState")]
internal sealed class BrandStatsState
{
    [Id(0)] public Dictionary<string, ListingFlags> Listings { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public long ListingsRemoved { get; set; }
    [Id(2)] public long ProactiveRemovals { get; set; }
    [Id(3)] public HashSet<string> InfringingSellers { get; set; } = new(StringComparer.Ordinal);
}
