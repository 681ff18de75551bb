using System.Collections.Concurrent;
using System.Collections.Immutable;
using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace IpGuard.Tests.Grains;

[Collection(RedisClusterCollection.Name)]
public sealed class UnsentSweepTests(RedisClusterFixture fixture)
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(3);

    [Fact(DisplayName = "Redis: a listing written while its seller could not hear of it reaches the seller through the silo's sweep, with no further call to the listing, and its mark is cleared")]
    public async Task SweepSendsWhatAListingWroteAndDidNotSend()
    {
        var serviceId = $"ipguard-test-{Guid.NewGuid():N}";
        await using var cluster = await StartAsync(serviceId);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();
        var (sellerId, first, second) = (Ids.New("seller"), Ids.New("listing"), Ids.New("listing"));
        var seller = cluster.Client.GetGrain<ISellerGrain>(sellerId);
        await cluster.Client.Listing(first).Upsert(Events.Listing(sellerId, "Plain canvas tote bag", 30m));
        Assert.Equal(1, (await seller.GetRisk())!.Counts.Listings);

        // The seller's record changes under it, so its next write fails: the listing's own write
        // lands, its seller does not hear of it, and the event is not acknowledged (as when the
        // process dies between the two). Nobody sends that listing's event again.
        await db.HashSetAsync(fixture.StateKey("seller", sellerId, "state", serviceId), "etag", "changed-elsewhere");
        await Assert.ThrowsAnyAsync<Exception>(() => cluster.Client.Listing(second).Upsert(Events.Listing(sellerId, "Plain canvas tote bag, large", 35m)));
        var mark = $"{GrainTypes.Listing}/{second}";
        Assert.True(await db.KeyExistsAsync(fixture.StateKey(GrainTypes.Listing, second, "state", serviceId)), "the listing's write landed");
        Assert.NotNull(await db.SortedSetScoreAsync($"{serviceId}/unsent", mark));
        Assert.Equal(1, (await seller.GetRisk())!.Counts.Listings);

        var deadline = DateTime.UtcNow + (Sweep * 10);
        int listings;
        while ((listings = (await seller.GetRisk())!.Counts.Listings) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, listings);
        while (await db.SortedSetScoreAsync($"{serviceId}/unsent", mark) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Null(await db.SortedSetScoreAsync($"{serviceId}/unsent", mark));
        Assert.Equal(0, await db.SortedSetLengthAsync($"{serviceId}/unsent"));
    }

    [Fact(DisplayName = "Redis: a seller's suspension that had not reached its listings when its cluster went away reaches them through the next cluster's sweep, with no call to the seller, and its mark is cleared")]
    public async Task SweepResumesASellersEnforcement()
    {
        var serviceId = $"ipguard-test-{Guid.NewGuid():N}";
        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();
        var sellerId = Ids.New("seller");
        var listings = Enumerable.Range(0, 5).Select(_ => Ids.New("listing")).ToList();
        var records = listings.ToDictionary(l => l, l => (RedisKey)fixture.StateKey(GrainTypes.Listing, l, "state", serviceId));
        var mark = $"seller/{sellerId}";
        var stored = new Dictionary<string, HashEntry[]>();

        var first = await StartAsync(serviceId);
        try
        {
            var seller = first.Client.GetGrain<ISellerGrain>(sellerId);
            foreach (var listingId in listings)
            {
                await first.Client.Listing(listingId).Upsert(Events.Listing(sellerId, "Plain canvas tote bag", 30m));
            }

            // The listings' records cannot be read or written for now, so the seller's sweep fails
            // and retries while its cluster is up: the suspension is written, its listings not told.
            foreach (var (listingId, key) in records)
            {
                stored[listingId] = await db.HashGetAllAsync(key);
                await db.KeyDeleteAsync(key);
                await db.StringSetAsync(key, "unreadable");
            }

            await seller.SetOverride(Decision.Suspend, "ring leader", DateTimeOffset.UtcNow.AddDays(30), "moderator-1");
            Assert.NotNull(await db.SortedSetScoreAsync($"{serviceId}/unsent", mark));
        }
        finally
        {
            await first.DisposeAsync();
        }

        foreach (var (listingId, key) in records)
        {
            await db.KeyDeleteAsync(key);
            await db.HashSetAsync(key, stored[listingId]);
        }

        var second = await StartAsync(serviceId);
        try
        {
            var deadline = DateTime.UtcNow + (Sweep * 10);
            List<ListingStatus> statuses;
            while ((statuses = [.. await Task.WhenAll(listings.Select(async l => (await second.Client.Listing(l).GetRisk())!.Status))])
                .Any(s => s != ListingStatus.Removed) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.All(statuses, s => Assert.Equal(ListingStatus.Removed, s));
            while (await db.SortedSetScoreAsync($"{serviceId}/unsent", mark) is not null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Null(await db.SortedSetScoreAsync($"{serviceId}/unsent", mark));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact(DisplayName = "Redis: in a two-silo cluster the silos share the sweep: each listing written without reaching its seller is called by one silo, round after round, not by every silo, and reaches its seller")]
    public async Task SilosShareTheSweep()
    {
        var serviceId = $"ipguard-test-{Guid.NewGuid():N}";
        var callers = new ConcurrentDictionary<string, ConcurrentDictionary<string, int>>(StringComparer.Ordinal);
        await using var cluster = await StartAsync(serviceId, silos: 2, callers);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();
        var sellerId = Ids.New("seller");
        var sellerKey = fixture.StateKey("seller", sellerId, "state", serviceId);
        var seller = cluster.Client.GetGrain<ISellerGrain>(sellerId);
        await cluster.Client.Listing(Ids.New("listing")).Upsert(Events.Listing(sellerId, "Plain canvas tote bag", 30m));

        // Each listing's write lands and its seller's fails (its record changed under it, after
        // the seller read it again): a dozen marked listings that nobody calls again.
        var unsent = Enumerable.Range(0, 12).Select(_ => Ids.New("listing")).ToList();
        foreach (var listingId in unsent)
        {
            Assert.NotNull(await seller.GetRisk());
            await db.HashSetAsync(sellerKey, "etag", $"changed-elsewhere-{listingId}");
            await Assert.ThrowsAnyAsync<Exception>(() => cluster.Client.Listing(listingId).Upsert(Events.Listing(sellerId, "Plain canvas tote bag, large", 35m)));
        }

        Assert.Equal(unsent.Count, await db.SortedSetLengthAsync($"{serviceId}/unsent"));

        // While the seller cannot be read, the sweep's calls cannot send: the marks stay, and
        // every round calls them again, until each listing was called in two rounds.
        var stored = await db.HashGetAllAsync(sellerKey);
        await db.KeyDeleteAsync(sellerKey);
        await db.StringSetAsync(sellerKey, "unreadable");
        var deadline = DateTime.UtcNow + (Sweep * 10);
        int Calls(string listingId) => callers.TryGetValue(listingId, out var by) ? by.Values.Sum() : 0;
        while (unsent.Any(l => Calls(l) < 2) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.All(unsent, l => Assert.True(Calls(l) >= 2, $"{l} was called {Calls(l)} times"));
        await db.KeyDeleteAsync(sellerKey);
        await db.HashSetAsync(sellerKey, stored);

        deadline = DateTime.UtcNow + (Sweep * 10);
        while (((await seller.GetRisk())?.Counts.Listings < unsent.Count + 1 || await db.SortedSetLengthAsync($"{serviceId}/unsent") > 0)
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(unsent.Count + 1, (await seller.GetRisk())!.Counts.Listings);
        Assert.Equal(0, await db.SortedSetLengthAsync($"{serviceId}/unsent"));
        Assert.All(unsent, l => Assert.Single(callers[l]));
    }

    [Fact(DisplayName = "The sweep's shares: every grain falls to exactly one active silo; dead silos take none; a silo not yet active sweeps everything")]
    public void SharesCoverEveryGrainOnce()
    {
        var silos = Enumerable.Range(0, 4).Select(i => SiloAddress.New(System.Net.IPAddress.Loopback, 11111 + i, 1)).ToList();
        var members = silos.Select((s, i) => new ClusterMember(s, i == 3 ? SiloStatus.Dead : SiloStatus.Active, $"silo-{i}"))
            .ToImmutableDictionary(m => m.SiloAddress);
        var snapshot = new ClusterMembershipSnapshot(members, new MembershipVersion(1));
        var shares = silos.Take(3).Select(s => OutboxSweeper.Share.Of(snapshot, s)).ToList();
        var ids = Enumerable.Range(0, 3000).Select(i => $"{GrainTypes.Listing}/l-{i}").ToList();

        Assert.All(ids, id => Assert.Equal(1, shares.Count(s => s.Holds(id))));
        Assert.All(shares, s => Assert.InRange(ids.Count(s.Holds), 800, 1200));
        Assert.All(ids, id => Assert.True(OutboxSweeper.Share.Of(snapshot, silos[3]).Holds(id)));
    }

    private Task<InProcessTestCluster> StartAsync(string serviceId, short silos = 1, ConcurrentDictionary<string, ConcurrentDictionary<string, int>>? sweeps = null) => fixture.StartClusterAsync(silo =>
    {
        // Real time: the sweep takes marks older than its interval by the grains' clock.
        silo.Services.AddSingleton(new RiskClock(TimeProvider.System));
        silo.Services.Configure<EventLogOptions>(o => o.SweepInterval = Sweep);
        if (sweeps is not null)
        {
            // Counts the calls each silo makes to flush a listing (only the sweep makes them).
            silo.Services.AddSingleton<IOutgoingGrainCallFilter>(services => new FlushCounter(services.GetRequiredService<ILocalSiloDetails>(), sweeps));
        }
    }, serviceId, silos);

    private sealed class FlushCounter(ILocalSiloDetails silo, ConcurrentDictionary<string, ConcurrentDictionary<string, int>> sweeps) : IOutgoingGrainCallFilter
    {
        public Task Invoke(IOutgoingGrainCallContext call)
        {
            if (call.MethodName == nameof(IListingBookGrain.FlushEvents) && call.Request.GetArgument(0) is string listingId)
            {
                sweeps.GetOrAdd(listingId, _ => new(StringComparer.Ordinal)).AddOrUpdate(silo.SiloAddress.ToString(), 1, (_, n) => n + 1);
            }

            return call.Invoke();
        }
    }
}
