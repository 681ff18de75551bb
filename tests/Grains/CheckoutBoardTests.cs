using System.Collections.Immutable;
using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IpGuard.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class CheckoutBoardTests(ClusterFixture fixture)
{
    [Fact(DisplayName = "A seller active in the silo answers checkout from its published facts: a listing's removal as soon as its ingest is answered, and nothing once the seller is deactivated")]
    public async Task PublishedFactsFollowTheSellerAndLeaveWithIt()
    {
        await using var cluster = await fixture.StartClusterAsync(serviceId: $"ipguard-test-{Guid.NewGuid():N}");
        var board = cluster.GetSiloServiceProvider().GetRequiredService<ICheckoutReadModel>();
        var grains = cluster.Client;
        var sellerId = Ids.New("seller");
        Assert.False(board.TryAnswer(sellerId, new CheckoutQuery(null, null, null), out _));
        await grains.GetGrain<ISellerGrain>(sellerId).Register(new SellerRegistration(Ids.New("ev"), fixture.Time.GetUtcNow().AddYears(-3), "US", null));
        Assert.True(board.TryAnswer(sellerId, new CheckoutQuery(null, null, null), out var registered));
        Assert.Equal(CheckoutOutcome.Allow, registered.Outcome);

        var brandId = Ids.New("brand");
        await grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Lumora", referencePrice: 500m, restricted: true));
        var plain = Ids.New("listing");
        var fake = Ids.New("listing");
        await grains.Listing(plain).Ingest(Events.Listing(sellerId, "Plain cotton t-shirt", 20m));
        var removed = await grains.Listing(fake).Ingest(Events.Listing(sellerId, "Lumora bag REPLICA 1:1 mirror quality", 200m, brandId));
        Assert.Equal(ListingStatus.Removed, removed.Value!.Status);

        // Answered without the grain, as the grain answers.
        foreach (var listingId in new[] { plain, fake, Ids.New("listing") })
        {
            var query = new CheckoutQuery(listingId, null, null);
            Assert.True(board.TryAnswer(sellerId, query, out var local));
            var fromGrain = await grains.GetGrain<ISellerGrain>(sellerId).GetCheckout(query);
            Assert.Equal(fromGrain.Outcome, local.Outcome);
            Assert.Equal(fromGrain.Reasons, local.Reasons);
            Assert.Equal(fromGrain.Score, local.Score);
        }

        Assert.True(board.TryAnswer(sellerId, new CheckoutQuery(fake, null, null), out var blocked));
        Assert.Contains("listing_removed", blocked.Reasons);

        // Deactivated: the silo no longer answers for it (a newer activation elsewhere may own it).
        await cluster.DeactivateAsync(grains.GetGrain<ISellerGrain>(sellerId));
        Assert.False(board.TryAnswer(sellerId, new CheckoutQuery(null, null, null), out _), "the deactivated seller's facts stayed on the board");
        var again = await grains.GetGrain<ISellerGrain>(sellerId).GetCheckout(new CheckoutQuery(fake, null, null));
        Assert.Contains("listing_removed", again.Reasons);
        Assert.True(board.TryAnswer(sellerId, new CheckoutQuery(fake, null, null), out var republished));
        Assert.Equal(again.Reasons, republished.Reasons);
    }

    [Fact(DisplayName = "An activation's withdrawal never takes down the facts a newer activation of the same seller published")]
    public void WithdrawRemovesOnlyItsOwnFacts()
    {
        var board = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<CheckoutBoard>();
        var sellerId = Ids.New("seller");
        var older = Facts(Decision.Allow, null);
        var newer = Facts(Decision.Suspend, null);
        board.Publish(sellerId, older);
        board.Publish(sellerId, newer);
        board.Withdraw(sellerId, older);
        Assert.True(board.TryAnswer(sellerId, new CheckoutQuery(null, null, null), out var answer));
        Assert.Equal(CheckoutOutcome.Block, answer.Outcome);
        board.Withdraw(sellerId, newer);
        Assert.False(board.TryAnswer(sellerId, new CheckoutQuery(null, null, null), out _));
    }

    [Fact(DisplayName = "A published override ends when it expires, without a new publication")]
    public void OverrideEndsAtItsExpiry()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var facts = Facts(Decision.Monitor, new OverrideView(Decision.Suspend, "chargebacks", now.AddHours(1), "mod-1", now));
        var query = new CheckoutQuery(null, null, null);
        Assert.Equal(Decision.Suspend, facts.Answer(query, "v", now).SellerDecision);
        Assert.Equal(CheckoutOutcome.Block, facts.Answer(query, "v", now).Outcome);
        Assert.Equal(Decision.Monitor, facts.Answer(query, "v", now.AddHours(2)).SellerDecision);
        Assert.Equal(CheckoutOutcome.Allow, facts.Answer(query, "v", now.AddHours(2)).Outcome);
    }

    private static SellerCheckout Facts(Decision decision, OverrideView? overrideView) =>
        new(true, "policy-1", 10, decision, overrideView, ImmutableDictionary.Create<string, ListingStatus>(StringComparer.Ordinal));
}
