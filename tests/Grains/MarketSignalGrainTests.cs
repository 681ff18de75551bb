using IpGuard.GrainInterfaces;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Grains;

/// <summary>A listing prices brands against their observed market; the seller grain notices a return from dormancy.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MarketSignalGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    private async Task<ListingResult> ListAsync(string sellerId, string title, decimal price, string brandId, DateTimeOffset? occurredAt = null) =>
        (await Grains.Listing(Ids.New("listing")).Upsert(
            new ListingUpsert(Ids.New("ev"), sellerId, brandId, title, null, new Money(price, "USD"), 1, null, false, occurredAt))).Value!;

    [Fact(DisplayName = "Observed prices: a brand without a reference price gets a deep-discount factor, naming the typical price, once enough sellers' prices are observed")]
    public async Task BrandWithoutReferenceIsPricedAgainstItsMarket()
    {
        var brandId = Ids.New("brand");
        await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Olwyn", referencePrice: null));

        var early = await ListAsync(Ids.New("seller"), "Olwyn leather belt", 30m, brandId);
        Assert.DoesNotContain(early.Factors, f => f.Code == "price_far_below_reference");

        for (var s = 0; s < 12; s++)
        {
            var honest = await ListAsync(Ids.New("seller"), "Olwyn leather belt", 95m + s, brandId);
            Assert.Equal(ListingStatus.Active, honest.Status);
            Assert.DoesNotContain(honest.Factors, f => f.Code == "price_far_below_reference");
        }

        var cheap = await ListAsync(Ids.New("seller"), "Olwyn leather belt", 30m, brandId);
        var price = Assert.Single(cheap.Factors, f => f.Code == "price_far_below_reference");
        Assert.Contains("below the typical price", price.Detail);
        // The first cheap listing was learned too (nothing bounded it yet): one seller of 13 moves a median little.
        Assert.Contains("observed from 13 sellers of the brand", price.Detail);
        Assert.Equal(25, price.Points); // 70% below ~100: 10 + (0.70 - 0.40) / 0.40 * 20 = 25
        Assert.Equal(cheap.Score, Math.Clamp(cheap.Factors.Sum(f => f.Points), 0, 100));
    }

    [Fact(DisplayName = "Dormant accounts: an old account silent for 200 days that comes back with deep discounts across brands carries dormant_account_burst; an honest return with normal prices of one brand does not")]
    public async Task DormantAccountBurstIsNoticed()
    {
        var brands = Enumerable.Range(0, 4).Select(_ => Ids.New("brand")).ToList();
        foreach (var brandId in brands)
        {
            await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Halvard", referencePrice: 200m));
        }

        async Task<SellerRiskView> ReturnAsync(Func<int, (string BrandId, decimal Price)> burst)
        {
            var sellerId = Ids.New("seller");
            await Grains.GetGrain<ISellerGrain>(sellerId).Register(new SellerRegistration(Ids.New("ev"), Now.AddYears(-3), "US", null));
            await Grains.GetGrain<ISellerGrain>(sellerId).RecordVerification(Events.Passed(VerificationCheck.Identity));
            await ListAsync(sellerId, "Halvard wool coat", 199m, brands[0], Now.AddDays(-200));
            for (var k = 0; k < 8; k++)
            {
                var (brandId, price) = burst(k);
                await ListAsync(sellerId, "Halvard wool coat", price, brandId);
            }

            return (await Grains.GetGrain<ISellerGrain>(sellerId).GetRisk())!;
        }

        var takenOver = await ReturnAsync(k => (brands[k % brands.Count], 80m));
        var factor = Assert.Single(takenOver.Factors, f => f.Code == "dormant_account_burst");
        Assert.Equal(35, factor.Points);
        Assert.Contains("no listing activity for 200 days", factor.Detail);

        var honest = await ReturnAsync(k => (brands[1], 195m + k));
        Assert.DoesNotContain(honest.Factors, f => f.Code == "dormant_account_burst");
        Assert.Equal(Decision.Allow, honest.Decision);
    }
}
