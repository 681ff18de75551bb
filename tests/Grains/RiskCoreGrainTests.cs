using IpGuard.GrainInterfaces;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class RiskCoreGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact(DisplayName = "A seller with more listings than its journal holds counts every one after it leaves memory, and still blocks checkout of its removed listing")]
    public async Task BigSellerKeepsEveryListing()
    {
        var sellerId = Ids.New("seller");
        await Grains.GetGrain<ISellerGrain>(sellerId).Register(new SellerRegistration(Ids.New("ev"), DateTimeOffset.UtcNow.AddYears(-2), "US", null));
        var listingIds = Enumerable.Range(0, 150).Select(_ => Ids.New("listing")).ToList();
        foreach (var listingId in listingIds)
        {
            Assert.Equal(AckStatus.Applied, (await Grains.Listing(listingId).Upsert(Events.Listing(sellerId, "Plain cotton t-shirt", 20m))).Status);
        }

        var brandId = Ids.New("brand");
        await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Lumora", referencePrice: 500m, restricted: true));
        var removed = listingIds[3];
        Assert.Equal(ListingStatus.Removed, (await Grains.Listing(removed).Upsert(Events.Listing(sellerId, "Lumora bag REPLICA 1:1 mirror quality", 200m, brandId))).Value!.Status);
        var before = (await Grains.GetGrain<ISellerGrain>(sellerId).GetRisk())!;
        Assert.Equal(new SellerCounts(150, 149, 1, 0, 0), before.Counts);

        await fixture.Cluster.DeactivateAsync(Grains.GetGrain<ISellerGrain>(sellerId));

        var seller = Grains.GetGrain<ISellerGrain>(sellerId);
        var after = (await seller.GetRisk())!;
        Assert.Equal(before.Counts, after.Counts);
        Assert.Equal(before.Score, after.Score);
        Assert.Equal(listingIds.Order(), (await seller.GetDossierFacts())!.ListingIds.Order());
        Assert.Contains("listing_removed", (await seller.GetCheckout(new CheckoutQuery(removed, null, null))).Reasons);
        Assert.DoesNotContain("listing_removed", (await seller.GetCheckout(new CheckoutQuery(listingIds[4], null, null))).Reasons);
    }

    [Fact(DisplayName = "A listing with counterfeit signals removes itself proactively and raises its seller's risk")]
    public async Task CounterfeitListingRemovesItself()
    {
        var brandId = Ids.New("brand");
        await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Lumora", referencePrice: 500m, restricted: true));
        var sellerId = Ids.New("seller");
        var before = await Grains.GetGrain<ISellerGrain>(sellerId).Register(new SellerRegistration(Ids.New("ev"), null, "US", null));

        var listingId = Ids.New("listing");
        var ack = await Grains.Listing(listingId).Upsert(Events.Listing(sellerId, "Lumora bag REPLICA 1:1 mirror quality", 200m, brandId));

        Assert.Equal(AckStatus.Applied, ack.Status);
        var result = ack.Value!;
        Assert.Equal(ListingStatus.Removed, result.Status);
        Assert.Contains(result.Factors, f => f.Code == "counterfeit_terms");
        Assert.Contains(result.Factors, f => f.Code == "restricted_brand_unauthorized");
        Assert.Contains(result.Factors, f => f.Code == "price_far_below_reference");
        Assert.Equal(result.Score, result.Factors.Sum(f => f.Points));

        var risk = await Grains.Listing(listingId).GetRisk();
        Assert.Equal(RemovedBy.Proactive, risk!.Removal!.By);

        var seller = await Grains.GetGrain<ISellerGrain>(sellerId).GetRisk();
        Assert.True(seller!.Score > before.Value!.Score, $"seller score {seller.Score} should exceed {before.Value.Score}");
        Assert.True(seller.Decision >= Decision.Review, $"decision {seller.Decision}");
        Assert.Equal(1, seller.Counts.RemovedListings);
        Assert.Equal(result.Seller, new SellerSummary(sellerId, seller.Score, seller.Band, seller.Decision));

        var brand = await Grains.GetGrain<IBrandGrain>(brandId).Get();
        Assert.Equal(1, brand!.Stats.ListingsSeen);
        Assert.Equal(1, brand.Stats.ListingsRemoved);
        Assert.Equal(1, brand.Stats.ProactiveRemovals);
        Assert.Equal(1, brand.Stats.InfringingSellers);
    }

    [Fact(DisplayName = "An honest listing of a registered brand at 25% off stays active with score 0")]
    public async Task HonestDiscountStaysActive()
    {
        var brandId = Ids.New("brand");
        await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Corvane", referencePrice: 100m));
        var ack = await Grains.Listing(Ids.New("listing")).Upsert(Events.Listing(Ids.New("seller"), "Corvane Classic running shoe", 75m, brandId));

        Assert.Equal(ListingStatus.Active, ack.Value!.Status);
        Assert.Equal(0, ack.Value.Score);
    }

    [Fact(DisplayName = "Batch ingest: the seller's decision comes back when the seller was told, none when it had no news, and a repeat is a duplicate either way")]
    public async Task IngestAnswersWithoutReadingTheSeller()
    {
        var brandId = Ids.New("brand");
        await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Quenlo", referencePrice: 100m));
        var sellerId = Ids.New("seller");
        var listing = Grains.Listing(Ids.New("listing"));

        var first = Events.Listing(sellerId, "Quenlo leather wallet", 80m, brandId);
        var created = await listing.Ingest(first);
        Assert.Equal(AckStatus.Applied, created.Status);
        Assert.Equal(ListingStatus.Active, created.Value!.Status);
        var decision = (await Grains.GetGrain<ISellerGrain>(sellerId).GetRisk())!.Decision;
        Assert.Equal(decision, created.Value.SellerDecision); // a new listing is news to its seller

        var again = await listing.Ingest(Events.Listing(sellerId, "Quenlo leather wallet", 79m, brandId));
        Assert.Equal(AckStatus.Applied, again.Status);
        Assert.Null(again.Value!.SellerDecision); // same status, score 0: nothing for the seller

        var repeat = await listing.Upsert(first);
        Assert.Equal(AckStatus.Duplicate, repeat.Status);
        Assert.True(repeat.Value!.Duplicate);
        Assert.Equal(decision, repeat.Value.Seller.Decision);
        Assert.Equal(AckStatus.Duplicate, (await listing.Ingest(first)).Status);
        Assert.Equal(79m, (await listing.GetRisk())!.Price.Amount);

        var fake = await listing.Ingest(Events.Listing(sellerId, "Quenlo wallet replica 1:1", 30m, brandId));
        Assert.Equal(ListingStatus.Removed, fake.Value!.Status); // news again: the seller answers
        var seller = await Grains.GetGrain<ISellerGrain>(sellerId).GetRisk();
        Assert.Equal(seller!.Decision, fake.Value.SellerDecision);
        Assert.True(seller.Score > 0, $"seller score {seller.Score}");
    }

    [Fact(DisplayName = "Passed verifications lower a seller's risk")]
    public async Task PassedVerificationsLowerRisk()
    {
        var seller = Grains.GetGrain<ISellerGrain>(Ids.New("seller"));
        var registered = await seller.Register(new SellerRegistration(Ids.New("ev"), null, null, null));
        var identity = await seller.RecordVerification(Events.Passed(VerificationCheck.Identity));
        var business = await seller.RecordVerification(Events.Passed(VerificationCheck.Business));

        Assert.True(identity.Value!.Score < registered.Value!.Score);
        Assert.True(business.Value!.Score <= identity.Value.Score);
        Assert.True(business.Value.Verification.Verified);
        Assert.DoesNotContain(business.Value.Factors, f => f.Code == "unverified");
        Assert.Contains(business.Value.Factors, f => f.Code == "verified_identity" && f.Points < 0);
    }

    [Fact(DisplayName = "A repeated eventId is applied once and answers the original result as a duplicate")]
    public async Task RepeatedEventIsAppliedOnce()
    {
        var brandId = Ids.New("brand");
        await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Tessaly"));
        var sellerId = Ids.New("seller");
        var listing = Grains.Listing(Ids.New("listing"));
        var upsert = Events.Listing(sellerId, "Tessaly scarf", 150m, brandId);

        var first = await listing.Upsert(upsert);
        var second = await listing.Upsert(upsert);

        Assert.Equal(AckStatus.Applied, first.Status);
        Assert.Equal(AckStatus.Duplicate, second.Status);
        Assert.True(second.Value!.Duplicate);
        Assert.Equal(first.Value!.Score, second.Value.Score);
        Assert.Equal(first.Value.Status, second.Value.Status);

        var report = Events.Report("buyer-1", listingId: listing.ListingId);
        await listing.Report(report);
        var repeatedReport = await listing.Report(report);
        Assert.Equal(AckStatus.Duplicate, repeatedReport.Status);
        Assert.Equal(1, (await listing.GetRisk())!.Reports);

        var seller = await Grains.GetGrain<ISellerGrain>(sellerId).GetRisk();
        Assert.Equal(1, seller!.Counts.Listings);
        Assert.Equal(1, seller.Counts.Reports);
        Assert.Equal(1, (await Grains.GetGrain<IBrandGrain>(brandId).Get())!.Stats.ListingsSeen);

        var verification = Events.Passed(VerificationCheck.Identity);
        var sellerGrain = Grains.GetGrain<ISellerGrain>(sellerId);
        await sellerGrain.RecordVerification(verification);
        Assert.Equal(AckStatus.Duplicate, (await sellerGrain.RecordVerification(verification)).Status);
    }

    [Fact(DisplayName = "A repeated eventId with a different payload is a conflict and changes nothing")]
    public async Task ReusedEventIdWithOtherBodyConflicts()
    {
        var sellerId = Ids.New("seller");
        var listing = Grains.Listing(Ids.New("listing"));
        var upsert = Events.Listing(sellerId, "Plain wool hat", 20m);
        await listing.Upsert(upsert);

        var conflict = await listing.Upsert(upsert with { Title = "Plain wool hat replica" });

        Assert.Equal(AckStatus.Conflict, conflict.Status);
        Assert.Equal("Plain wool hat", (await listing.GetRisk())!.Title);
    }

    [Fact(DisplayName = "A listing's seller never changes")]
    public async Task ListingSellerCannotChange()
    {
        var listing = Grains.Listing(Ids.New("listing"));
        var owner = Ids.New("seller");
        await listing.Upsert(Events.Listing(owner, "Ceramic mug"));

        var other = await listing.Upsert(Events.Listing(Ids.New("seller"), "Ceramic mug"));

        Assert.Equal(AckStatus.Conflict, other.Status);
        Assert.Equal(owner, (await listing.GetRisk())!.SellerId);
    }

    [Fact(DisplayName = "Checkout: unknown seller holds, removed listing blocks, clean seller allows")]
    public async Task CheckoutAnswers()
    {
        var unknown = await Grains.GetGrain<ISellerGrain>(Ids.New("seller")).GetCheckout(new CheckoutQuery(null, null, null));
        Assert.Equal(CheckoutOutcome.Hold, unknown.Outcome);
        Assert.Contains("unknown_seller", unknown.Reasons);

        var sellerId = Ids.New("seller");
        var seller = Grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), fixture.Time.GetUtcNow().AddYears(-3), "DE", null));
        await seller.RecordVerification(Events.Passed(VerificationCheck.Identity));
        var good = Ids.New("listing");
        await Grains.Listing(good).Upsert(Events.Listing(sellerId, "Handmade oak table", 900m));
        var brandId = Ids.New("brand");
        await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Orvenne", referencePrice: 2000m, restricted: true));
        var bad = Ids.New("listing");
        await Grains.Listing(bad).Upsert(Events.Listing(sellerId, "Orvenne watch replica 1:1", 700m, brandId));
        var withdrawn = Ids.New("listing");
        await Grains.Listing(withdrawn).Upsert(Events.Listing(sellerId, "Old lamp", withdrawn: true));

        var allowed = await seller.GetCheckout(new CheckoutQuery(good, 900m, "USD"));
        var blocked = await seller.GetCheckout(new CheckoutQuery(bad, 900m, "USD"));
        var gone = await seller.GetCheckout(new CheckoutQuery(withdrawn, null, null));
        var missing = await seller.GetCheckout(new CheckoutQuery(Ids.New("listing"), null, null));

        Assert.Equal(CheckoutOutcome.Allow, allowed.Outcome);
        Assert.Equal(CheckoutOutcome.Block, blocked.Outcome);
        Assert.Contains("listing_removed", blocked.Reasons);
        Assert.Equal(CheckoutOutcome.Block, gone.Outcome);
        Assert.Contains("listing_withdrawn", gone.Reasons);
        Assert.Equal(CheckoutOutcome.Hold, missing.Outcome);
        Assert.Contains("unknown_listing", missing.Reasons);
    }

    [Fact(DisplayName = "A seller first seen through a listing is created, and reports by one reporter count once")]
    public async Task SellerCreatedByListingAndReportersCountOnce()
    {
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");
        await Grains.Listing(listingId).Upsert(Events.Listing(sellerId, "Vintage camera"));
        Assert.NotNull(await Grains.GetGrain<ISellerGrain>(sellerId).GetRisk());

        var listing = Grains.Listing(listingId);
        await listing.Report(Events.Report("buyer-a", listingId));
        await listing.Report(Events.Report("buyer-a", listingId));
        await Grains.GetGrain<ISellerGrain>(sellerId).Report(Events.Report("buyer-a", sellerId: sellerId));
        await listing.Report(Events.Report("buyer-b", listingId));

        Assert.Equal(2, (await listing.GetRisk())!.Reports);
        Assert.Equal(2, (await Grains.GetGrain<ISellerGrain>(sellerId).GetRisk())!.Counts.Reports);
    }

    [Fact(DisplayName = "A report against a never-seen listing is not found and creates nothing")]
    public async Task ReportOnUnknownListing()
    {
        var listing = Grains.Listing(Ids.New("listing"));
        var ack = await listing.Report(Events.Report("buyer-x", listing.ListingId));
        Assert.Equal(AckStatus.NotFound, ack.Status);
        Assert.Null(await listing.GetRisk());
    }
}
