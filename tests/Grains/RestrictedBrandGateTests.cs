using IpGuard.GrainInterfaces;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Grains;

[Collection(TwoSiloClusterCollection.Name)]
public sealed class RestrictedBrandGateTests(TwoSiloClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact(DisplayName = "Restricted brands: an unauthorized seller's listing is never active and says why; authorizing the seller makes it active at once, on whichever silo it lives")]
    public async Task AuthorizingTheSellerReleasesItsListings()
    {
        var (sellerId, brandId) = (Ids.New("seller"), Ids.New("brand"));
        var brand = Grains.GetGrain<IBrandGrain>(brandId);
        await brand.Put(Events.Brand(brandId, "Kestine", referencePrice: 300m, restricted: true));
        await Grains.GetGrain<ISellerGrain>(sellerId).Register(new SellerRegistration(Ids.New("ev"), DateTimeOffset.UtcNow.AddYears(-3), "US", null));
        var listings = Enumerable.Range(0, 6).Select(_ => Ids.New("listing")).ToList();
        foreach (var listingId in listings)
        {
            var answer = (await Grains.Listing(listingId).Upsert(Events.Listing(sellerId, "Kestine wool scarf", 290m, brandId))).Value!;
            Assert.NotEqual(ListingStatus.Active, answer.Status);
            Assert.Contains(answer.Factors, f => f.Code == "restricted_brand_unauthorized");
        }

        await brand.UpdateAuthorizedSellers([sellerId], []);

        foreach (var listingId in listings)
        {
            var view = (await Grains.Listing(listingId).GetRisk())!;
            Assert.Equal(ListingStatus.Active, view.Status);
            Assert.DoesNotContain(view.Factors, f => f.Code == "restricted_brand_unauthorized");
        }
    }
}
