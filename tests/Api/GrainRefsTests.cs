using IpGuard.Grains;
using IpGuard.GrainInterfaces;
using IpGuard.Tests.Grains;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;

namespace IpGuard.Tests.Api;

[Collection(ClusterCollection.Name)]
public sealed class GrainRefsTests(ClusterFixture fixture)
{
    [Fact(DisplayName = "GrainRefs: the api's cached references address the same grains through the same interfaces as GetGrain")]
    public async Task SameGrainsAsGetGrain()
    {
        var client = fixture.Cluster.Client;
        var refs = new GrainRefs(client, client.ServiceProvider.GetRequiredService<GrainInterfaceTypeResolver>());
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");

        AssertSame(client.GetGrain<ISellerGrain>(sellerId), refs.Seller(sellerId));
        AssertSame(client.Listing(listingId).Book, refs.Listing(listingId).Book);
        Assert.Equal(listingId, refs.Listing(listingId).ListingId);
        AssertSame(client.GetGrain<IHealthGrain>(0), refs.Health);
        AssertSame(client.GetGrain<IBrandStatsGrain>(IBrandStatsGrain.KeyFor("brand-1", listingId)), refs.BrandStats(IBrandStatsGrain.KeyFor("brand-1", listingId)));

        // State written through one reference is read through the other.
        await client.Listing(listingId).Upsert(Events.Listing(sellerId, "Plain scarf", 40m, Ids.New("brand")));
        Assert.Equal(sellerId, (await refs.Listing(listingId).GetRisk())!.SellerId);
        Assert.NotNull(await refs.Seller(sellerId).GetRisk());
    }

    [Fact(DisplayName = "Names: enum wire names are snake_case, cached per value, and an undefined value still gets a name")]
    public void WireNames()
    {
        Assert.Equal("allow", Names.Of(CheckoutOutcome.Allow));
        Assert.Equal("block", Names.Of(CheckoutOutcome.Block));
        Assert.Same(Names.Of(Decision.Suspend), Names.Of(Decision.Suspend));
        Assert.Equal("42", Names.Of((CheckoutOutcome)42));
    }

    private static void AssertSame(IAddressable expected, IAddressable actual)
    {
        Assert.Equal(expected.GetGrainId(), actual.GetGrainId());
        Assert.Equal(((GrainReference)expected).InterfaceType, ((GrainReference)actual).InterfaceType);
    }
}
