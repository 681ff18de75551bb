using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace IpGuard.Tests.Grains;

public sealed class ImageShardIndexTests
{
    [Fact(DisplayName = "Image shard: never holds more hashes than its capacity, whatever arrives")]
    public void NeverExceedsItsCapacity()
    {
        var index = new ImageShardIndex(64);
        for (var i = 0; i < 2_000; i++)
        {
            // A mix: photos of one seller, photos shared by two, photos of counterfeit listings.
            var key = ImageKeys.Of($"img-{i}");
            Observe(index, key, $"s-{i}");
            if (i % 3 == 0)
            {
                Observe(index, key, $"s-other-{i}");
            }

            if (i % 7 == 0)
            {
                index.MarkCounterfeit(key, ImageKeys.Id($"l-{i}"), $"s-{i}", ImageKeys.Id($"s-{i}"));
            }

            Assert.True(index.Count <= index.Capacity, $"{index.Count} hashes in a shard of {index.Capacity} after photo {i}");
        }

        Assert.Equal(64, index.Count);
    }

    [Fact(DisplayName = "Image shard: photos one seller uses make room first; shared photos stay while new photos keep arriving")]
    public void PlainPhotosGoFirst()
    {
        var index = new ImageShardIndex(16);
        var shared = Enumerable.Range(0, 8).Select(i => ImageKeys.Of($"shared-{i}")).ToArray();
        foreach (var key in shared)
        {
            Observe(index, key, "s-a");
            Observe(index, key, "s-b");
        }

        for (var i = 0; i < 500; i++)
        {
            Observe(index, ImageKeys.Of($"plain-{i}"), "s-c");
        }

        Assert.All(shared, key => Assert.Equal(2, Observe(index, key, "s-d").OtherSellers));

        // The newest plain photo is still known: a second seller sees the first.
        Assert.Equal(1, Observe(index, ImageKeys.Of("plain-499"), "s-e").OtherSellers);
    }

    [Fact(DisplayName = "Image shard: a shard full of evidence gives way to new photos down to three quarters, so a new photo is still seen twice")]
    public void EvidenceLeavesRoomForNewPhotos()
    {
        var index = new ImageShardIndex(16);
        for (var i = 0; i < 100; i++)
        {
            var key = ImageKeys.Of($"shared-{i}");
            Observe(index, key, "s-a");
            Observe(index, key, "s-b");
        }

        // Evidence may fill the shard, but each new photo then takes the oldest evidence's place.
        var fresh = index.Capacity - index.EvidenceLimit;
        for (var i = 0; i < fresh; i++)
        {
            Observe(index, ImageKeys.Of($"new-{i}"), "s-c");
        }

        Assert.Equal(index.Capacity - fresh, index.EvidenceCount);
        Assert.Equal(1, Observe(index, ImageKeys.Of("new-0"), "s-d").OtherSellers);
        Assert.Equal(16, index.Count);
    }

    [Fact(DisplayName = "Image shard: a seller counts once a photo and a listing's removal once; distinct sellers are exact to 8 and estimated beyond")]
    public void CountsAreIdempotent()
    {
        var index = new ImageShardIndex(64);
        var key = ImageKeys.Of("img-1");
        for (var repeat = 0; repeat < 3; repeat++)
        {
            Observe(index, key, "s-a");
            Observe(index, key, "s-b");
            index.MarkCounterfeit(key, ImageKeys.Id("l-1"), "s-a", ImageKeys.Id("s-a"));
        }

        var seen = Observe(index, key, "s-c");
        Assert.Equal(2, seen.OtherSellers);
        Assert.Equal(1, seen.CounterfeitListings);
        Assert.Equal(1, seen.CounterfeitSellers);
        Assert.Equal(["s-a"], seen.CounterfeitSellerIds);

        // The counterfeit seller itself has no other counterfeit seller to point at.
        var own = Observe(index, key, "s-a");
        Assert.Equal(0, own.CounterfeitSellers);
        Assert.Empty(own.CounterfeitSellerIds);

        var stock = ImageKeys.Of("stock");
        for (var i = 0; i < 60; i++)
        {
            Observe(index, stock, $"s-{i}");
        }

        var others = Observe(index, stock, "s-0").OtherSellers;
        Assert.InRange(others, 30, 120);
    }

    [Fact(DisplayName = "Image shard: a snapshot holds the evidence only, comes back whole through Orleans' serializer, and is taken only when it changed")]
    public void SnapshotRoundTrips()
    {
        var index = new ImageShardIndex(64);
        var shared = ImageKeys.Of("shared");
        var official = ImageKeys.Of("official");
        var tainted = ImageKeys.Of("tainted");
        Observe(index, shared, "s-a");
        Observe(index, shared, "s-b");
        index.Observe(official, "s-auth", ImageKeys.Id("s-auth"), ImageKeys.Id("brand-1"), authorized: true);
        index.MarkCounterfeit(tainted, ImageKeys.Id("l-1"), "s-fake", ImageKeys.Id("s-fake"));
        Observe(index, ImageKeys.Of("plain"), "s-a");

        var records = index.TakeSnapshot()!;
        Assert.Equal(3, records.Count);
        Assert.Null(index.TakeSnapshot());

        var serializer = new ServiceCollection()
            .AddSerializer(s => s.AddAssembly(typeof(ImageShardState).Assembly).AddAssembly(typeof(ImageSighting).Assembly))
            .BuildServiceProvider().GetRequiredService<Serializer>();
        var stored = serializer.Deserialize<ImageShardState>(serializer.SerializeToArray(new ImageShardState { Records = records }))!;
        var back = new ImageShardIndex(64);
        back.Load(stored.Records!);

        Assert.Equal(3, back.Count);
        Assert.Equal(2, back.Observe(shared, "s-c", ImageKeys.Id("s-c"), null, false).OtherSellers);
        Assert.True(back.Observe(official, "s-c", ImageKeys.Id("s-c"), ImageKeys.Id("brand-1"), false).UsedByBrandAuthorized);
        Assert.Equal(["s-fake"], back.Observe(tainted, "s-c", ImageKeys.Id("s-c"), null, false).CounterfeitSellerIds);
        Assert.Equal(0, back.Observe(ImageKeys.Of("plain"), "s-c", ImageKeys.Id("s-c"), null, false).OtherSellers);
    }

    [Fact(DisplayName = "Image shard: a hash held costs at most 320 bytes of allocation (one seller's photo, the index's growth included)")]
    public void AHashCostsLittleMemory()
    {
        const int hashes = 50_000;
        var keys = Enumerable.Range(0, hashes).Select(i => ImageKeys.Of($"img-{i}")).ToArray();
        var seller = ImageKeys.Id("s-a");
        var index = new ImageShardIndex(hashes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var key in keys)
        {
            index.Observe(key, "s-a", seller, null, false);
        }

        var perHash = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)hashes;
        Assert.Equal(hashes, index.Count);
        Assert.True(perHash <= 320, $"{perHash:0} bytes allocated a hash");
    }

    private static ImageSighting Observe(ImageShardIndex index, UInt128 key, string sellerId) =>
        index.Observe(key, sellerId, ImageKeys.Id(sellerId), null, false);
}
