using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Grains.Scoring;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IpGuard.Tests.Grains;

/// <summary>The image evidence a listing gets: official, tainted, shared and stock photos, through the silo's service.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ImageEvidenceTests(ClusterFixture fixture)
{
    private ImageEvidenceService Images => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<ImageEvidenceService>();

    [Fact(DisplayName = "Images: a brand's registered official photo on an unauthorized seller's listing is official; not for its authorized seller; another brand's photo on an unbranded listing counts too")]
    public async Task OfficialViaTheRegistry()
    {
        var brandId = Ids.New("brand");
        var photo = Ids.New("img");
        var authorized = Ids.New("seller");
        await fixture.Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Quorra", authorized: [authorized]) with { OfficialImageHashes = [photo] });
        var registry = await fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<RegistryCache>().GetAsync();
        Assert.Equal([brandId], registry.OfficialBrandsOf(photo));

        var stranger = await Images.ObserveAsync(Ids.New("listing"), Ids.New("seller"), brandId, false, [photo, Ids.New("img")], registry);
        Assert.Equal((2, 1, 0), (stranger.Photos, stranger.OfficialPhotos, stranger.OtherBrandPhotos));
        Assert.True(stranger.Complete);

        var own = await Images.ObserveAsync(Ids.New("listing"), authorized, brandId, true, [photo], registry);
        Assert.Equal((0, 0), (own.OfficialPhotos, own.OtherBrandPhotos));

        var unbranded = await Images.ObserveAsync(Ids.New("listing"), Ids.New("seller"), null, false, [photo], registry);
        Assert.Equal((0, 1), (unbranded.OfficialPhotos, unbranded.OtherBrandPhotos));

        // A change of the official photos alone reaches the silo's registry copy.
        var added = Ids.New("img");
        await fixture.Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Quorra", authorized: [authorized]) with { OfficialImageHashes = [photo, added] });
        registry = await fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<RegistryCache>().GetAsync();
        Assert.Equal([brandId], registry.OfficialBrandsOf(added));
    }

    [Fact(DisplayName = "Images: a photo the brand's authorized seller uses is the brand's official photo on an unauthorized seller's listing of that brand, not on another brand's")]
    public async Task OfficialViaAuthorizedUse()
    {
        var brandId = Ids.New("brand");
        var photo = Ids.New("img");
        await Images.ObserveAsync(Ids.New("listing"), Ids.New("seller"), brandId, true, [photo], RegistryIndex.Empty);

        var copy = await Images.ObserveAsync(Ids.New("listing"), Ids.New("seller"), brandId, false, [photo], RegistryIndex.Empty);
        Assert.Equal((1, 0), (copy.OfficialPhotos, copy.SharedPhotos));

        var elsewhere = await Images.ObserveAsync(Ids.New("listing"), Ids.New("seller"), Ids.New("brand"), false, [photo], RegistryIndex.Empty);
        Assert.Equal((0, 1), (elsewhere.OfficialPhotos, elsewhere.SharedPhotos));
    }

    [Fact(DisplayName = "Images: a photo of a listing removed as counterfeit taints another seller's listing, naming the seller, but not the same seller's own other listing")]
    public async Task CounterfeitPhotosTaintOtherSellers()
    {
        var photo = Ids.New("img");
        var faker = Ids.New("seller");
        var removed = Ids.New("listing");
        await Images.ObserveAsync(removed, faker, null, false, [photo], RegistryIndex.Empty);
        await Images.MarkCounterfeitAsync(removed, faker, [photo]);

        var sameSeller = await Images.ObserveAsync(Ids.New("listing"), faker, null, false, [photo], RegistryIndex.Empty);
        Assert.Equal((0, 0), (sameSeller.TaintedPhotos, sameSeller.SharedPhotos));
        Assert.Empty(sameSeller.TaintedBy);

        var ring = await Images.ObserveAsync(Ids.New("listing"), Ids.New("seller"), null, false, [photo, Ids.New("img")], RegistryIndex.Empty);
        Assert.Equal((2, 1), (ring.Photos, ring.TaintedPhotos));
        Assert.Equal([faker], ring.TaintedBy);
    }

    [Fact(DisplayName = "Images: a photo shared with a few sellers is shared, with more than five it is stock; a stock photo is tainted only once most of its other sellers sold counterfeits with it")]
    public async Task StockPhotosWeighLittle()
    {
        var photo = Ids.New("img");
        var sellers = Enumerable.Range(0, 8).Select(_ => Ids.New("seller")).ToArray();
        var findings = new List<ImageFindings>();
        foreach (var seller in sellers)
        {
            findings.Add(await Images.ObserveAsync(Ids.New("listing"), seller, null, false, [photo], RegistryIndex.Empty));
        }

        Assert.Equal([0, 1, 1, 1, 1, 1, 0, 0], findings.Select(f => f.SharedPhotos));
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1], findings.Select(f => f.StockPhotos));

        // Seven other sellers use it: three counterfeit sellers among them are not most of them, four are.
        foreach (var bad in sellers[..3])
        {
            await Images.MarkCounterfeitAsync(Ids.New("listing"), bad, [photo]);
        }

        var threeBad = await Images.ObserveAsync(Ids.New("listing"), sellers[7], null, false, [photo], RegistryIndex.Empty);
        Assert.Equal((1, 0), (threeBad.StockPhotos, threeBad.TaintedPhotos));

        await Images.MarkCounterfeitAsync(Ids.New("listing"), sellers[3], [photo]);
        var fourBad = await Images.ObserveAsync(Ids.New("listing"), sellers[7], null, false, [photo], RegistryIndex.Empty);
        Assert.Equal((0, 1), (fourBad.StockPhotos, fourBad.TaintedPhotos));
    }

    [Fact(DisplayName = "Images: repeating a listing's photos, or its removal, counts once; the same photo twice in a listing is one photo")]
    public async Task ObservationsAreIdempotent()
    {
        var photo = Ids.New("img");
        var (a, b) = (Ids.New("seller"), Ids.New("seller"));
        var (listingA, listingB) = (Ids.New("listing"), Ids.New("listing"));
        for (var i = 0; i < 3; i++)
        {
            await Images.ObserveAsync(listingA, a, null, false, [photo, photo], RegistryIndex.Empty);
            await Images.ObserveAsync(listingB, b, null, false, [photo], RegistryIndex.Empty);
            await Images.MarkCounterfeitAsync(listingA, a, [photo, photo]);
        }

        var shard = fixture.Grains.GetGrain<IImageIndexGrain>(ImageKeys.ShardKey(ImageKeys.Shard(photo)));
        var seen = Assert.Single(await shard.Observe(new ImageUse(Ids.New("seller"), null, false, [photo])));
        Assert.Equal((2, 1, 1), (seen.OtherSellers, seen.CounterfeitListings, seen.CounterfeitSellers));

        var again = await Images.ObserveAsync(listingA, a, null, false, [photo, photo], RegistryIndex.Empty);
        Assert.Equal(1, again.Photos);
    }

    [Fact(DisplayName = "Images: photos over many shards are all answered in one go; none → no call and nothing to say")]
    public async Task PhotosOverManyShards()
    {
        var seller = Ids.New("seller");
        var photos = Enumerable.Range(0, 40).Select(_ => Ids.New("img")).ToArray();
        await Images.ObserveAsync(Ids.New("listing"), seller, null, false, photos, RegistryIndex.Empty);
        Assert.True(photos.Select(ImageKeys.Shard).Distinct().Count() > 10);

        var copy = await Images.ObserveAsync(Ids.New("listing"), Ids.New("seller"), null, false, photos, RegistryIndex.Empty);
        Assert.Equal((40, 40, true), (copy.Photos, copy.SharedPhotos, copy.Complete));
        Assert.Same(ImageFindings.None, await Images.ObserveAsync(Ids.New("listing"), seller, null, false, [], RegistryIndex.Empty));
    }

    [Fact(DisplayName = "Images: a shard holds at most its capacity, however many photos arrive, and still knows the newest")]
    public async Task AShardStaysBounded()
    {
        var shardNumber = 7;
        var shard = fixture.Grains.GetGrain<IImageIndexGrain>(ImageKeys.ShardKey(shardNumber));
        var capacity = (await shard.GetStats()).Capacity;
        var prefix = Ids.New("img");
        var photos = Enumerable.Range(0, 20 * capacity * IImageIndexGrain.Shards)
            .Select(i => $"{prefix}-{i}")
            .Where(h => ImageKeys.Shard(h) == shardNumber)
            .Take(capacity + 1000)
            .ToArray();
        Assert.Equal(capacity + 1000, photos.Length);

        foreach (var batch in photos.Chunk(1000))
        {
            await shard.Observe(new ImageUse(Ids.New("seller"), null, false, batch));
        }

        var stats = await shard.GetStats();
        Assert.Equal(capacity, stats.Hashes);
        var last = await Images.ObserveAsync(Ids.New("listing"), Ids.New("seller"), null, false, [photos[^1]], RegistryIndex.Empty);
        Assert.Equal(1, last.SharedPhotos);
    }

    [Fact(DisplayName = "Images: a shard's evidence is written when it goes idle, and comes back with its next activation")]
    public async Task EvidenceSurvivesDeactivation()
    {
        var photo = Ids.New("img");
        var (a, b) = (Ids.New("seller"), Ids.New("seller"));
        await Images.ObserveAsync(Ids.New("listing"), a, null, false, [photo], RegistryIndex.Empty);
        await Images.ObserveAsync(Ids.New("listing"), b, null, false, [photo], RegistryIndex.Empty);

        await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<IImageIndexGrain>(ImageKeys.ShardKey(ImageKeys.Shard(photo))));

        var shard = fixture.Grains.GetGrain<IImageIndexGrain>(ImageKeys.ShardKey(ImageKeys.Shard(photo)));
        var seen = Assert.Single(await shard.Observe(new ImageUse(Ids.New("seller"), null, false, [photo])));
        Assert.Equal(2, seen.OtherSellers);
    }
}
