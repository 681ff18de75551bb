using IpGuard.GrainInterfaces;
using IpGuard.Silo;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
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
        var listingBefore = await fixture.Grains.GetGrain<IListingGrain>(listingId).GetRisk();
        var brandBefore = await fixture.Grains.GetGrain<IBrandGrain>(brandId).Get();

        await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<ISellerGrain>(sellerId));
        await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<IListingGrain>(listingId));
        await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<IBrandGrain>(brandId));

        AssertSameSeller(sellerBefore!, (await fixture.Grains.GetGrain<ISellerGrain>(sellerId).GetRisk())!);
        AssertSameListing(listingBefore!, (await fixture.Grains.GetGrain<IListingGrain>(listingId).GetRisk())!);
        AssertSameBrand(brandBefore!, (await fixture.Grains.GetGrain<IBrandGrain>(brandId).Get())!);
    }

    [Fact(DisplayName = "Redis: state written by one cluster is read by a whole new cluster with the same ServiceId")]
    public async Task StateSurvivesIntoNewCluster()
    {
        var first = await fixture.StartClusterAsync();
        string sellerId, listingId, brandId;
        SellerRiskView sellerBefore;
        ListingRiskView listingBefore;
        BrandView brandBefore;
        try
        {
            (sellerId, listingId, brandId) = await WriteScenarioAsync(first.Client);
            sellerBefore = (await first.Client.GetGrain<ISellerGrain>(sellerId).GetRisk())!;
            listingBefore = (await first.Client.GetGrain<IListingGrain>(listingId).GetRisk())!;
            brandBefore = (await first.Client.GetGrain<IBrandGrain>(brandId).Get())!;
        }
        finally
        {
            await first.DisposeAsync();
        }

        Assert.True(await fixture.Redis.CountKeysAsync(fixture.ServiceId) > 0, "state should be in Redis under the ServiceId");

        var second = await fixture.StartClusterAsync();
        try
        {
            AssertSameSeller(sellerBefore, (await second.Client.GetGrain<ISellerGrain>(sellerId).GetRisk())!);
            AssertSameListing(listingBefore, (await second.Client.GetGrain<IListingGrain>(listingId).GetRisk())!);
            AssertSameBrand(brandBefore, (await second.Client.GetGrain<IBrandGrain>(brandId).Get())!);

            // The registry index was persisted too: a new listing is scored against it.
            var fresh = await second.Client.GetGrain<IListingGrain>(Ids.New("listing"))
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
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{IpGuardSilo.CollectionSection}:CollectionAge"] = "00:00:02",
            [$"{IpGuardSilo.CollectionSection}:CollectionQuantum"] = "00:00:01",
        }).Build();
        var cluster = await fixture.StartClusterAsync(silo => silo.AddIpGuardCollection(settings));
        try
        {
            var grains = cluster.Client;
            var (sellerId, listingId, brandId) = await WriteScenarioAsync(grains);
            var seller = grains.GetGrain<ISellerGrain>(sellerId);
            var listing = grains.GetGrain<IListingGrain>(listingId);
            var brand = grains.GetGrain<IBrandGrain>(brandId);
            var sellerBefore = (await seller.GetRisk())!;
            var listingBefore = (await listing.GetRisk())!;
            var brandBefore = (await brand.Get())!;

            var management = grains.GetGrain<IManagementGrain>(0);
            var watched = new (GrainType Type, GrainId Id)[]
            {
                (GrainType.Create("seller"), seller.GetGrainId()),
                (GrainType.Create("listing"), listing.GetGrainId()),
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
        var data = (byte[]?)await connection.GetDatabase().HashGetAsync($"{fixture.ServiceId}/state/seller/{sellerId}/state", "data");

        Assert.NotNull(data);
        Assert.NotEqual((byte)'{', data![0]);
        Assert.DoesNotContain("$type", System.Text.Encoding.UTF8.GetString(data));
    }

    private static async Task<(string SellerId, string ListingId, string BrandId)> WriteScenarioAsync(IGrainFactory grains)
    {
        var brandId = Ids.New("brand");
        await grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Velmar", referencePrice: 300m, restricted: true));
        var sellerId = Ids.New("seller");
        var seller = grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), null, "IT", new Fingerprints("bank-1", null, null, null)));
        await seller.RecordVerification(Events.Passed(VerificationCheck.Bank));
        var listingId = Ids.New("listing");
        await grains.GetGrain<IListingGrain>(listingId).Upsert(Events.Listing(sellerId, "Velmar bag replica", 90m, brandId));
        await grains.GetGrain<IListingGrain>(listingId).Report(Events.Report("buyer-7", listingId));
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
