using IpGuard.GrainInterfaces;
using IpGuard.Tests.Infrastructure;
using StackExchange.Redis;

namespace IpGuard.Tests.Grains;

[Collection(RedisClusterCollection.Name)]
public sealed class ListingBookTests(RedisClusterFixture fixture)
{
    [Fact(DisplayName = "Listing books: listings of one book share one activation, each is stored under its own key, and all come back once the book leaves memory")]
    public async Task ListingsShareTheirBook()
    {
        var ids = SameBook(4);
        var sellerId = Ids.New("seller");
        var views = new List<ListingRiskView>();
        foreach (var id in ids)
        {
            await fixture.Grains.Listing(id).Upsert(Events.Listing(sellerId, $"Plain linen shirt {id}", 30m));
            views.Add((await fixture.Grains.Listing(id).GetRisk())!);
        }

        var book = fixture.Grains.Listing(ids[0]).Book;
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        Assert.Contains(book.GetGrainId(), await management.GetActiveGrains(GrainType.Create(GrainTypes.ListingBook)));
        Assert.Empty(await management.GetActiveGrains(GrainType.Create(GrainTypes.Listing)));

        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        foreach (var id in ids)
        {
            Assert.True(await connection.GetDatabase().KeyExistsAsync(fixture.StateKey(GrainTypes.Listing, id, "state")), $"no record of its own for {id}");
        }

        await fixture.Cluster.DeactivateAsync(book);
        for (var i = 0; i < ids.Count; i++)
        {
            var back = (await fixture.Grains.Listing(ids[i]).GetRisk())!;
            Assert.Equal((views[i].Status, views[i].Score, views[i].SellerId, views[i].Title, views[i].UpdatedAt), (back.Status, back.Score, back.SellerId, back.Title, back.UpdatedAt));
        }
    }

    [Fact(DisplayName = "Listing books: a listing idle for the collection age leaves memory while its book stays busy with others")]
    public async Task IdleListingLeavesABusyBook()
    {
        var serviceId = $"ipguard-test-{Guid.NewGuid():N}";
        var cluster = await fixture.StartQuickCollectingClusterAsync(serviceId);
        try
        {
            var ids = SameBook(2);
            var (idle, busy) = (ids[0], ids[1]);
            var sellerId = Ids.New("seller");
            var grains = cluster.Client;
            await grains.Listing(idle).Upsert(Events.Listing(sellerId, "Plain wool scarf", 25m));
            await grains.Listing(busy).Upsert(Events.Listing(sellerId, "Plain cotton scarf", 20m));

            // Removing the idle listing's record from under it shows whether it is still held:
            // in memory it is still answered; once let go, the book reads it again and finds nothing.
            await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
            Assert.True(await connection.GetDatabase().KeyDeleteAsync(fixture.StateKey(GrainTypes.Listing, idle, "state", serviceId)));
            Assert.NotNull(await grains.Listing(idle).GetRisk());

            // The book is called every 250 ms, so it never idles; only its other entry does. A look
            // at the idle listing uses it again, so each look waits longer than the collection age
            // and the book's sweep period (half of it, at least 1 s).
            var deadline = DateTime.UtcNow.AddSeconds(30);
            var held = true;
            while (held && DateTime.UtcNow < deadline)
            {
                var look = DateTime.UtcNow.AddSeconds(3.5);
                while (DateTime.UtcNow < look)
                {
                    await Task.Delay(250);
                    Assert.NotNull(await grains.Listing(busy).GetRisk());
                }

                held = await grains.Listing(idle).GetRisk() is not null;
            }

            Assert.False(held, "the idle listing was still held after 30 s");
            Assert.NotNull(await grains.Listing(busy).GetRisk());
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>Fresh listing ids that share one book.</summary>
    private static List<string> SameBook(int count)
    {
        var first = Ids.New("listing");
        var book = ListingBook.Of(first);
        var ids = new List<string> { first };
        while (ids.Count < count)
        {
            var id = Ids.New("listing");
            if (ListingBook.Of(id) == book)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
