using IpGuard.GrainInterfaces;
using IpGuard.Tests.Infrastructure;
using StackExchange.Redis;

namespace IpGuard.Tests.Grains;

[Collection(RedisClusterCollection.Name)]
public sealed class RedisDurabilityTests(RedisClusterFixture fixture)
{
    [Fact(DisplayName = "Redis: seller, listing and brand state survive deactivation and are re-read from Redis")]
    public async Task StateSurvivesDeactivation()
    {
        var (sellerId, listingId, brandId) = await WriteScenarioAsync(fixture.Grains);
        var sellerBefore = await fixture.Grains.GetGrain<ISellerGrain>(sellerId).GetRisk();
        var listingBefore = await fixture.Grains.Listing(listingId).GetRisk();
        var brandBefore = await fixture.Grains.GetGrain<IBrandGrain>(brandId).Get();

        await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<ISellerGrain>(sellerId));
        await fixture.Cluster.DeactivateAsync(fixture.Grains.Listing(listingId).Book);
        await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<IBrandGrain>(brandId));

        AssertSameSeller(sellerBefore!, (await fixture.Grains.GetGrain<ISellerGrain>(sellerId).GetRisk())!);
        AssertSameListing(listingBefore!, (await fixture.Grains.Listing(listingId).GetRisk())!);
        AssertSameBrand(brandBefore!, (await fixture.Grains.GetGrain<IBrandGrain>(brandId).Get())!);
    }

    [Fact(DisplayName = "Redis: a retried listing event is still a duplicate with its first answer once the listing has come back from Redis")]
    public async Task RetryAfterReloadIsRecognised()
    {
        var listing = fixture.Grains.Listing(Ids.New("listing"));
        var sellerId = Ids.New("seller");
        var first = Events.Listing(sellerId, "Plain canvas tote bag replica", 30m);
        var answer = (await listing.Upsert(first)).Value!;
        await listing.Upsert(Events.Listing(sellerId, "Plain canvas tote bag"));

        await fixture.Cluster.DeactivateAsync(listing.Book);

        var repeat = await listing.Upsert(first);
        Assert.Equal(AckStatus.Duplicate, repeat.Status);
        Assert.Equal((answer.Status, answer.Score), (repeat.Value!.Status, repeat.Value.Score));
        Assert.NotEmpty(answer.Factors);
        Assert.Equal(answer.Factors, repeat.Value.Factors);
        Assert.Equal(AckStatus.Conflict, (await listing.Upsert(first with { Title = "Another title" })).Status);
    }

    [Fact(DisplayName = "Redis: state written by one cluster is read by a whole new cluster with the same ServiceId")]
    public async Task StateSurvivesIntoNewCluster()
    {
        var serviceId = $"ipguard-test-{Guid.NewGuid():N}";
        var first = await fixture.StartClusterAsync(serviceId: serviceId);
        string sellerId, listingId, brandId;
        SellerRiskView sellerBefore;
        ListingRiskView listingBefore;
        BrandView brandBefore;
        try
        {
            (sellerId, listingId, brandId) = await WriteScenarioAsync(first.Client);
            sellerBefore = (await first.Client.GetGrain<ISellerGrain>(sellerId).GetRisk())!;
            listingBefore = (await first.Client.Listing(listingId).GetRisk())!;
            brandBefore = (await first.Client.GetGrain<IBrandGrain>(brandId).Get())!;
        }
        finally
        {
            await first.DisposeAsync();
        }

        Assert.True(await fixture.Redis.CountKeysAsync(serviceId) > 0, "state should be in Redis under the ServiceId");

        var second = await fixture.StartClusterAsync(serviceId: serviceId);
        try
        {
            AssertSameSeller(sellerBefore, (await second.Client.GetGrain<ISellerGrain>(sellerId).GetRisk())!);
            AssertSameListing(listingBefore, (await second.Client.Listing(listingId).GetRisk())!);
            AssertSameBrand(brandBefore, (await second.Client.GetGrain<IBrandGrain>(brandId).Get())!);

            // The registry index was persisted too: a new listing is scored against it.
            var fresh = await second.Client.Listing(Ids.New("listing"))
                .Upsert(Events.Listing(Ids.New("seller"), "Velmar handbag replica", 100m, brandId));
            Assert.Contains(fresh.Value!.Factors, f => f.Code == "restricted_brand_unauthorized");
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact(DisplayName = "Redis: idle grains deactivate on their own (IpGuard:Collection) and come back from Redis with the same state, and go on from it")]
    public async Task IdleGrainsAreCollectedAndComeBack()
    {
        var cluster = await fixture.StartQuickCollectingClusterAsync($"ipguard-test-{Guid.NewGuid():N}");
        try
        {
            var grains = cluster.Client;
            var (sellerId, listingId, brandId) = await WriteScenarioAsync(grains);
            var seller = grains.GetGrain<ISellerGrain>(sellerId);
            var listing = grains.Listing(listingId);
            var brand = grains.GetGrain<IBrandGrain>(brandId);
            var sellerBefore = (await seller.GetRisk())!;
            var listingBefore = (await listing.GetRisk())!;
            var brandBefore = (await brand.Get())!;

            var management = grains.GetGrain<IManagementGrain>(0);
            var watched = new (GrainType Type, GrainId Id)[]
            {
                (GrainType.Create("seller"), seller.GetGrainId()),
                (GrainType.Create(GrainTypes.ListingBook), listing.Book.GetGrainId()),
                (GrainType.Create("brand"), brand.GetGrainId()),
            };
            foreach (var (type, id) in watched)
            {
                Assert.Contains(id, await management.GetActiveGrains(type));
            }

            // Nothing calls them now: each must leave memory within a bound, without being asked to.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            var remaining = watched.ToList();
            while (remaining.Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                var still = new List<(GrainType, GrainId)>();
                foreach (var (type, id) in remaining)
                {
                    if ((await management.GetActiveGrains(type)).Contains(id))
                    {
                        still.Add((type, id));
                    }
                }

                remaining = still;
            }

            Assert.True(remaining.Count == 0, $"still active after 30 s idle: {string.Join(", ", remaining.Select(r => r.Item2))}");

            AssertSameSeller(sellerBefore, (await seller.GetRisk())!);
            AssertSameListing(listingBefore, (await listing.GetRisk())!);
            AssertSameBrand(brandBefore, (await brand.Get())!);

            // The re-read state is live: a second reporter adds to the one already stored.
            await listing.Report(Events.Report("buyer-8", listingId));
            Assert.Equal(listingBefore.Reports + 1, (await listing.GetRisk())!.Reports);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact(DisplayName = "Redis: grain state is stored in Orleans' binary format under the ServiceId, not as $type JSON")]
    public async Task StorageFormatIsBinary()
    {
        var sellerId = Ids.New("seller");
        await fixture.Grains.GetGrain<ISellerGrain>(sellerId).Register(new SellerRegistration(Ids.New("ev"), null, "FR", null));

        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var data = (byte[]?)await connection.GetDatabase().HashGetAsync(StateKey(sellerId, "state"), "data");

        Assert.NotNull(data);
        Assert.NotEqual((byte)'{', data![0]);
        Assert.DoesNotContain("$type", System.Text.Encoding.UTF8.GetString(data));
    }

    [Fact(DisplayName = "Redis: a big seller's listings move into a snapshot of their own, so a change writes a small record, and all of them come back")]
    public async Task BigSellerListingsComeBackFromTheirSnapshot()
    {
        var sellerId = Ids.New("seller");
        var seller = fixture.Grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), null, "FR", null));
        const int listings = 300;
        for (var i = 0; i < listings; i++)
        {
            await seller.ApplyListingChange(Change(sellerId, i, 1, i == 0 ? ListingStatus.Removed : ListingStatus.Active));
        }

        // A newer version of a listing already moved into the snapshot.
        await seller.ApplyListingChange(Change(sellerId, 1, 2, ListingStatus.Removed));
        var before = (await seller.GetRisk())!;
        var listingIdsBefore = (await seller.GetDossierFacts())!.ListingIds;
        Assert.Equal(new SellerCounts(listings, listings - 2, 2, 0, 0), before.Counts);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();
        var record = (byte[])(await db.HashGetAsync(StateKey(sellerId, "state"), "data"))!;
        var snapshot = (byte[]?)await db.HashGetAsync(StateKey(sellerId, "listings"), "data");
        Assert.NotNull(snapshot);
        Assert.True(record.Length * 2 < snapshot!.Length, $"the seller's own record ({record.Length} bytes) should be a fraction of its listing snapshot ({snapshot.Length} bytes)");

        await fixture.Cluster.DeactivateAsync(seller);

        AssertSameSeller(before, (await seller.GetRisk())!);
        Assert.Equal(listingIdsBefore.Order(), (await seller.GetDossierFacts())!.ListingIds.Order());
        Assert.Contains("listing_removed", (await seller.GetCheckout(new CheckoutQuery(ListingId(sellerId, 0), null, null))).Reasons);
        Assert.Contains("listing_removed", (await seller.GetCheckout(new CheckoutQuery(ListingId(sellerId, 1), null, null))).Reasons);
        Assert.DoesNotContain("listing_removed", (await seller.GetCheckout(new CheckoutQuery(ListingId(sellerId, 2), null, null))).Reasons);
    }

    [Fact(DisplayName = "Redis: a crash between a seller's listing snapshot and its next write loses nothing, and the next snapshot is still written")]
    public async Task ListingSnapshotSurvivesALostFollowingWrite()
    {
        var sellerId = Ids.New("seller");
        var seller = fixture.Grains.GetGrain<ISellerGrain>(sellerId);
        var first = FirstSnapshotChange;
        for (var i = 0; i < first; i++)
        {
            await seller.ApplyListingChange(Change(sellerId, i, 1, ListingStatus.Active));
        }

        // The last change wrote the seller's record with every listing in it, then the first snapshot.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();
        var stored = await db.HashGetAllAsync(StateKey(sellerId, "state"));
        var firstSnapshot = (byte[]?)await db.HashGetAsync(StateKey(sellerId, "listings"), "data");
        Assert.NotNull(firstSnapshot);

        // The next write (the trimmed journal) is lost in a crash: put the record back as it was.
        await seller.ApplyListingChange(Change(sellerId, first, 1, ListingStatus.Active));
        await fixture.Cluster.DeactivateAsync(seller);
        await db.KeyDeleteAsync(StateKey(sellerId, "state"));
        await db.HashSetAsync(StateKey(sellerId, "state"), stored);

        Assert.Equal(new SellerCounts(first, first, 0, 0, 0), (await seller.GetRisk())!.Counts);

        // The change that was lost is sent again (the listing's outbox), and many more follow:
        // the next snapshot needs the stored one's ETag, which this activation never read.
        const int listings = 250;
        for (var i = first; i < listings; i++)
        {
            await seller.ApplyListingChange(Change(sellerId, i, 1, ListingStatus.Active));
        }

        var later = (byte[])(await db.HashGetAsync(StateKey(sellerId, "listings"), "data"))!;
        Assert.True(later.Length > firstSnapshot!.Length * 2, $"the listing snapshot should have been written again ({later.Length} vs {firstSnapshot.Length} bytes)");
        await fixture.Cluster.DeactivateAsync(seller);
        Assert.Equal(new SellerCounts(listings, listings, 0, 0, 0), (await seller.GetRisk())!.Counts);
        Assert.Equal(listings, (await seller.GetDossierFacts())!.ListingIds.Distinct().Count());
    }

    [Fact(DisplayName = "Redis: a mass-reported seller's reporters move into its snapshot too, and every reporter comes back, counted once")]
    public async Task MassReportedSellerKeepsEveryReporter()
    {
        var sellerId = Ids.New("seller");
        var seller = fixture.Grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), DateTimeOffset.UtcNow.AddYears(-3), "DE", null));
        const int reporters = 300;
        for (var i = 0; i < reporters; i++)
        {
            Assert.Equal(AckStatus.Applied, (await seller.Report(Events.Report($"{sellerId}-buyer-{i}", sellerId: sellerId))).Status);
        }

        // A repeat reporter counts once, wherever its first report now lives.
        Assert.Equal(AckStatus.Applied, (await seller.Report(Events.Report($"{sellerId}-buyer-0", sellerId: sellerId))).Status);
        var before = (await seller.GetRisk())!;
        Assert.Equal(reporters, before.Counts.Reports);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();
        var snapshot = (byte[]?)await db.HashGetAsync(StateKey(sellerId, "listings"), "data");
        Assert.NotNull(snapshot);
        Assert.True(snapshot!.Length > 10_000, $"the snapshot ({snapshot.Length} bytes) should hold most of the reporters");

        await fixture.Cluster.DeactivateAsync(seller);

        AssertSameSeller(before, (await seller.GetRisk())!);
        Assert.Equal(reporters, (await seller.GetReporters()).Distinct().Count());
        Assert.Equal(reporters, (await seller.GetDossierFacts())!.Reports.Count);
        Assert.Equal(AckStatus.Applied, (await seller.Report(Events.Report($"{sellerId}-buyer-5", sellerId: sellerId))).Status);
        Assert.Equal(reporters, (await seller.GetRisk())!.Counts.Reports);
    }

    [Fact(DisplayName = "Redis: while a seller's listing snapshot cannot be written, its listing changes are still acknowledged and kept, and the snapshot catches up once it can")]
    public async Task FailedListingSnapshotDoesNotFailChanges()
    {
        var sellerId = Ids.New("seller");
        var seller = fixture.Grains.GetGrain<ISellerGrain>(sellerId);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var db = connection.GetDatabase();

        // A plain string where the snapshot's hash belongs: Orleans' read and write of it fail (WRONGTYPE).
        await db.StringSetAsync(StateKey(sellerId, "listings"), "not a hash");
        const int blocked = 100;
        for (var i = 0; i < blocked; i++)
        {
            await seller.ApplyListingChange(Change(sellerId, i, 1, i == 7 ? ListingStatus.Removed : ListingStatus.Active));
        }

        Assert.Equal(RedisType.String, await db.KeyTypeAsync(StateKey(sellerId, "listings")));
        Assert.Equal(new SellerCounts(blocked, blocked - 1, 1, 0, 0), (await seller.GetRisk())!.Counts);

        // Storage is usable again: the next change that finds the journal over its bound writes the snapshot.
        await db.KeyDeleteAsync(StateKey(sellerId, "listings"));
        const int listings = 120;
        for (var i = blocked; i < listings; i++)
        {
            await seller.ApplyListingChange(Change(sellerId, i, 1, ListingStatus.Active));
        }

        Assert.Equal(RedisType.Hash, await db.KeyTypeAsync(StateKey(sellerId, "listings")));
        await fixture.Cluster.DeactivateAsync(seller);
        Assert.Equal(new SellerCounts(listings, listings - 1, 1, 0, 0), (await seller.GetRisk())!.Counts);
        Assert.Contains("listing_removed", (await seller.GetCheckout(new CheckoutQuery(ListingId(sellerId, 7), null, null))).Reasons);
    }

    /// <summary>The change that first outgrows the journal of a seller with no snapshot yet.</summary>
    private const int FirstSnapshotChange = IpGuard.Grains.JournaledMap.MinJournal + 1;

    private string StateKey(string sellerId, string state) => fixture.StateKey(GrainTypes.Seller, sellerId, state);

    private static string ListingId(string sellerId, int i) => $"{sellerId}-l{i}";

    private static ListingChange Change(string sellerId, int i, long version, ListingStatus status) =>
        new(ListingId(sellerId, i), version, null, status, status == ListingStatus.Removed ? 80 : 10,
            status == ListingStatus.Removed ? RemovedBy.Proactive : null, DateTimeOffset.UtcNow, []);

    private static async Task<(string SellerId, string ListingId, string BrandId)> WriteScenarioAsync(IGrainFactory grains)
    {
        var brandId = Ids.New("brand");
        await grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Velmar", referencePrice: 300m, restricted: true));
        var sellerId = Ids.New("seller");
        var seller = grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), null, "IT", new Fingerprints("bank-1", null, null, null)));
        await seller.RecordVerification(Events.Passed(VerificationCheck.Bank));
        var listingId = Ids.New("listing");
        await grains.Listing(listingId).Upsert(Events.Listing(sellerId, "Velmar bag replica", 90m, brandId));
        await grains.Listing(listingId).Report(Events.Report("buyer-7", listingId));
        return (sellerId, listingId, brandId);
    }

    private static void AssertSameSeller(SellerRiskView expected, SellerRiskView actual)
    {
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Decision, actual.Decision);
        Assert.Equal(expected.Factors, actual.Factors);
        Assert.Equal(expected.Counts, actual.Counts);
        Assert.Equal(expected.Verification, actual.Verification);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
    }

    private static void AssertSameListing(ListingRiskView expected, ListingRiskView actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Removal, actual.Removal);
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Factors, actual.Factors);
        Assert.Equal(expected.Reports, actual.Reports);
        Assert.Equal(expected.Price, actual.Price);
    }

    private static void AssertSameBrand(BrandView expected, BrandView actual)
    {
        Assert.Equal(expected.Stats, actual.Stats);
        Assert.Equal(expected.Trademarks, actual.Trademarks);
        Assert.Equal(expected.ReferencePrice, actual.ReferencePrice);
        Assert.Equal(expected.Restricted, actual.Restricted);
    }
}
