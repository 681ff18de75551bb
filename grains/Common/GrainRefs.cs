using IpGuard.GrainInterfaces;
using Orleans.Metadata;

namespace IpGuard.Grains;

/// <summary>
/// References to the hot grains without Orleans' per-call lookup: <c>GetGrain&lt;T&gt;(key)</c>
/// resolves the interface by reading its attributes through reflection on every call, about
/// 3 µs and 6% of a checkout's CPU here, and 9% of all bytes allocated under ingest (names built
/// by convention). The grain and interface types are resolved once; used by the api and grains.
/// </summary>
public sealed class GrainRefs(IGrainFactory grains, GrainInterfaceTypeResolver interfaces)
{
    private readonly GrainType _seller = GrainType.Create(GrainTypes.Seller);
    private readonly GrainType _listingBook = GrainType.Create(GrainTypes.ListingBook);
    private readonly GrainType _brandStats = GrainType.Create(GrainTypes.BrandStats);
    private readonly GrainType _caseQueue = GrainType.Create(GrainTypes.CaseQueue);
    private readonly GrainInterfaceType _sellerInterface = interfaces.GetGrainInterfaceType(typeof(ISellerGrain));
    private readonly GrainInterfaceType _listingBookInterface = interfaces.GetGrainInterfaceType(typeof(IListingBookGrain));
    private readonly GrainInterfaceType _brandStatsInterface = interfaces.GetGrainInterfaceType(typeof(IBrandStatsGrain));
    private readonly GrainInterfaceType _caseQueueInterface = interfaces.GetGrainInterfaceType(typeof(ICaseQueueGrain));

    /// <summary>The health grain has one key, so one reference serves every call.</summary>
    public IHealthGrain Health { get; } = grains.GetGrain<IHealthGrain>(0);

    public ISellerGrain Seller(string sellerId) => (ISellerGrain)grains.GetGrain(GrainId.Create(_seller, sellerId), _sellerInterface);

    /// <summary>A listing, through the book that holds it (<see cref="ListingBook.Of"/>).</summary>
    public ListingRef Listing(string listingId) =>
        new((IListingBookGrain)grains.GetGrain(GrainId.Create(_listingBook, ListingBook.Of(listingId)), _listingBookInterface), listingId);

    public IBrandStatsGrain BrandStats(string shardKey) => (IBrandStatsGrain)grains.GetGrain(GrainId.Create(_brandStats, shardKey), _brandStatsInterface);

    /// <summary>The queue shard that holds a case (listings and sellers open their review cases there while ingesting).</summary>
    public ICaseQueueGrain CaseQueueOf(string caseId) => (ICaseQueueGrain)grains.GetGrain(GrainId.Create(_caseQueue, ICaseQueueGrain.ShardOf(caseId)), _caseQueueInterface);
}
