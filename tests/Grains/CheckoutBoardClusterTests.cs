using IpGuard.GrainInterfaces;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IpGuard.Tests.Grains;

[Collection(TwoSiloClusterCollection.Name)]
public sealed class CheckoutBoardClusterTests(TwoSiloClusterFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly CheckoutQuery Query = new(null, null, null);

    [Fact(DisplayName = "In a cluster only the silo holding a seller answers checkout from its board; a seller moved to another silo is answered there, never from the old silo's copy")]
    public async Task FactsFollowTheSellerAcrossSilos()
    {
        var cluster = fixture.Cluster;
        var boards = cluster.Silos.ToDictionary(s => s.SiloAddress, s => cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<ICheckoutReadModel>());
        var sellerId = Ids.New("seller");
        var seller = fixture.Grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), fixture.Time.GetUtcNow().AddYears(-3), "US", null));
        var from = HostOf(seller);
        Assert.Equal([from], boards.Where(b => b.Value.TryAnswer(sellerId, Query, out _)).Select(b => b.Key));

        var to = boards.Keys.Single(s => !s.Equals(from));
        await cluster.MigrateAsync(seller.GetGrainId(), to);
        Assert.False(boards[from].TryAnswer(sellerId, Query, out _), "the silo the seller left still answers for it");

        // Its next change is made, and published, wherever it lives now; the old silo never answers for it.
        await fixture.Grains.Listing(Ids.New("listing")).Ingest(Events.Listing(sellerId, "Plain cotton t-shirt", 20m));
        var deadline = DateTime.UtcNow + Bound;
        while (!boards[HostOf(seller)].TryAnswer(sellerId, Query, out _) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var host = HostOf(seller);
        Assert.True(boards[host].TryAnswer(sellerId, Query, out var answer));
        Assert.Equal((await seller.GetCheckout(Query)).Score, answer.Score);
        Assert.Equal([host], boards.Where(b => b.Value.TryAnswer(sellerId, Query, out _)).Select(b => b.Key));
    }

    private SiloAddress HostOf(ISellerGrain seller) =>
        (fixture.Cluster.TryGetGrainContext(seller.GetGrainId(), out var context) ? context.Address.SiloAddress : null)
        ?? throw new InvalidOperationException("the seller is not active");
}
