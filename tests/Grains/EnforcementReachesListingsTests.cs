using IpGuard.GrainInterfaces;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class EnforcementReachesListingsTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact(DisplayName = "Enforcement reaches listings: a suspension takes every live listing off sale (proactive, naming the seller's decision); lifting it brings back exactly those, not a listing a brand removed")]
    public async Task SuspensionRemovesAndRestoresExactlyItsListings()
    {
        var (sellerId, brandId) = (Ids.New("seller"), Ids.New("brand"));
        await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Quorra", referencePrice: 100m));
        var seller = Grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), DateTimeOffset.UtcNow.AddYears(-2), "US", null));
        var listings = Enumerable.Range(0, 40).Select(_ => Ids.New("listing")).ToList();
        foreach (var listingId in listings)
        {
            await Grains.Listing(listingId).Upsert(Events.Listing(sellerId, "Quorra canvas tote", 95m, brandId));
        }

        var takenDown = listings[0];
        Assert.Equal(NoticeOutcome.Removed, await Grains.Listing(takenDown).ApplyNotice(brandId, Ids.New("notice"), remove: true, takedown: true, "counterfeit"));

        await seller.SetOverride(Decision.Suspend, "ring leader", DateTimeOffset.UtcNow.AddDays(30), "moderator-1");
        await WaitForAsync(listings, l => l.Status == ListingStatus.Removed);
        foreach (var listingId in listings.Skip(1))
        {
            var removal = (await Grains.Listing(listingId).GetRisk())!.Removal!;
            Assert.Equal(RemovedBy.Proactive, removal.By);
            Assert.Contains("suspended", removal.Reason);
        }

        var suspended = (await seller.GetRisk())!;
        Assert.Equal(0, suspended.Counts.ActiveListings);
        Assert.Equal(Decision.Suspend, suspended.Decision);
        Assert.Equal("blocked", Names(await seller.GetCheckout(new CheckoutQuery(listings[5], null, null))));

        // A listing created while the seller is suspended is off sale from its first answer.
        var late = (await Grains.Listing(Ids.New("listing")).Upsert(Events.Listing(sellerId, "Quorra canvas tote", 95m, brandId))).Value!;
        Assert.Equal(ListingStatus.Removed, late.Status);

        await seller.ClearOverride("moderator-1");
        await WaitForAsync(listings.Skip(1), l => l.Status == ListingStatus.Active);
        Assert.Equal(ListingStatus.Removed, (await Grains.Listing(takenDown).GetRisk())!.Status);
        Assert.Equal(RemovedBy.Brand, (await Grains.Listing(takenDown).GetRisk())!.Removal!.By);
        var after = (await seller.GetRisk())!;
        Assert.True(after.Decision < Decision.Restrict, $"decision {after.Decision}");
        Assert.DoesNotContain(after.Factors, f => f.Code == "removed_listings" && f.Points > 20);
    }

    [Fact(DisplayName = "Enforcement reaches listings: a suspension lifted while its sweep still runs, with new listings arriving meanwhile, ends with every listing on sale and the seller's counts agreeing")]
    public async Task SuspensionLiftedMidSweepEndsConsistent()
    {
        var sellerId = Ids.New("seller");
        var seller = Grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), DateTimeOffset.UtcNow.AddYears(-3), "US", null));
        var listings = Enumerable.Range(0, 600).Select(_ => Ids.New("listing")).ToList();
        foreach (var chunk in listings.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(id => Grains.Listing(id).Upsert(Events.Listing(sellerId, "Stoneware mug, hand glazed", 18m))));
        }

        await seller.SetOverride(Decision.Suspend, "under investigation", DateTimeOffset.UtcNow.AddDays(30), "moderator-1");
        var late = Enumerable.Range(0, 20).Select(_ => Ids.New("listing")).ToList();
        await Task.WhenAll(late.Select(id => Grains.Listing(id).Upsert(Events.Listing(sellerId, "Stoneware mug, hand glazed", 18m))));
        await seller.ClearOverride("moderator-1");

        var all = listings.Concat(late).ToList();
        await WaitForAsync(all, l => l.Status == ListingStatus.Active);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        SellerRiskView view;
        while ((view = (await seller.GetRisk())!).Counts.ActiveListings != all.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(all.Count, view.Counts.ActiveListings);
        Assert.Equal(0, view.Counts.RemovedListings);
        Assert.Equal(Decision.Allow, view.Decision);
    }

    [Fact(DisplayName = "Enforcement reaches listings: a restricted seller's flagged listings leave sale, its unflagged ones stay")]
    public async Task RestrictionRemovesFlaggedListings()
    {
        var (sellerId, brandId) = (Ids.New("seller"), Ids.New("brand"));
        await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Brisvale", referencePrice: 400m, restricted: true));
        var seller = Grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), DateTimeOffset.UtcNow.AddYears(-2), "US", null));
        var plain = Ids.New("listing");
        await Grains.Listing(plain).Upsert(Events.Listing(sellerId, "Plain cotton t-shirt", 20m));
        var flagged = Ids.New("listing");
        var flaggedAnswer = (await Grains.Listing(flagged).Upsert(Events.Listing(sellerId, "Brisvale leather wallet", 150m, brandId))).Value!;
        Assert.Equal(ListingStatus.Flagged, flaggedAnswer.Status);

        await seller.SetOverride(Decision.Restrict, "repeated flags", DateTimeOffset.UtcNow.AddDays(30), "moderator-1");
        await WaitForAsync([flagged], l => l.Status == ListingStatus.Removed);
        Assert.Equal(ListingStatus.Active, (await Grains.Listing(plain).GetRisk())!.Status);

        await seller.ClearOverride("moderator-1");
        await WaitForAsync([flagged], l => l.Status == ListingStatus.Flagged);
    }

    [Fact(DisplayName = "Enforcement reaches listings: a restricted seller's listing priced deep below its brand leaves sale with it, its normally priced one stays, and both are back when the restriction ends")]
    public async Task RestrictionRemovesDeepDiscounts()
    {
        var (sellerId, brandId) = (Ids.New("seller"), Ids.New("brand"));
        await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Corvallo", referencePrice: 100m));
        var seller = Grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), DateTimeOffset.UtcNow.AddYears(-2), "US", null));
        var (deep, full) = (Ids.New("listing"), Ids.New("listing"));
        Assert.Equal(ListingStatus.Active, (await Grains.Listing(deep).Upsert(Events.Listing(sellerId, "Corvallo leather wallet", 50m, brandId))).Value!.Status);
        Assert.Equal(ListingStatus.Active, (await Grains.Listing(full).Upsert(Events.Listing(sellerId, "Corvallo leather belt", 95m, brandId))).Value!.Status);

        await seller.SetOverride(Decision.Restrict, "cut-price pattern", DateTimeOffset.UtcNow.AddDays(30), "moderator-1");
        await WaitForAsync([deep], l => l.Status == ListingStatus.Removed);
        var removed = (await Grains.Listing(deep).GetRisk())!;
        Assert.Equal(RemovedBy.Proactive, removed.Removal!.By);
        Assert.Contains("priced deep below its brand's price", removed.Removal.Reason);
        Assert.Equal(ListingStatus.Active, (await Grains.Listing(full).GetRisk())!.Status);

        await seller.ClearOverride("moderator-1");
        await WaitForAsync([deep], l => l.Status == ListingStatus.Active);
    }

    private static string Names(CheckoutAnswer answer) => answer.Outcome == CheckoutOutcome.Block ? "blocked" : answer.Outcome.ToString();

    private async Task WaitForAsync(IEnumerable<string> listingIds, Func<ListingRiskView, bool> condition)
    {
        var ids = listingIds.ToList();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<string> missing = ids;
        while (DateTime.UtcNow < deadline)
        {
            var views = await Task.WhenAll(ids.Select(id => Grains.Listing(id).GetRisk()));
            missing = [.. ids.Where((id, i) => !condition(views[i]!))];
            if (missing.Count == 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{missing.Count} of {ids.Count} listings never reached the expected status");
    }

    [Fact(DisplayName = "Reports open the listing's review: three buyers and a system report saying 'fake' flag a listing that nothing else flags and open its listing_review case; confirming it removes the listing")]
    public async Task CounterfeitReportsOpenListingReview()
    {
        var (sellerId, brandId, listingId) = (Ids.New("seller"), Ids.New("brand"), Ids.New("listing"));
        await Grains.GetGrain<IBrandGrain>(brandId).Put(Events.Brand(brandId, "Olwyn", referencePrice: 250m));
        await Grains.GetGrain<ISellerGrain>(sellerId).Register(new SellerRegistration(Ids.New("ev"), DateTimeOffset.UtcNow.AddYears(-2), "US", null));
        var listing = Grains.Listing(listingId);
        Assert.Equal(ListingStatus.Active, (await listing.Upsert(Events.Listing(sellerId, "Olwyn leather belt", 240m, brandId))).Value!.Status);

        var first = await listing.Report(Events.Report(Ids.New("buyer"), listingId));
        Assert.Equal(ListingStatus.Active, first.Value!.Listing!.Status);
        ReportResult? last = null;
        foreach (var reporter in new[] { Ids.New("buyer"), Ids.New("buyer") })
        {
            last = (await listing.Report(Events.Report(reporter, listingId))).Value;
        }

        last = (await listing.Report(Events.Report(Ids.New("pricewatch"), listingId) with { ReporterKind = ReporterKind.System })).Value;
        Assert.Equal(ListingStatus.Flagged, last!.Listing!.Status);
        var caseId = Assert.IsType<string>(last.CaseId);
        var opened = (await Grains.GetGrain<ICaseGrain>(caseId).Get())!;
        Assert.Equal(CaseKind.ListingReview, opened.Kind);
        Assert.Equal(listingId, opened.SubjectId);
        Assert.Contains("counterfeit reports", opened.Reason);

        await Grains.GetGrain<ICaseGrain>(caseId).Claim("moderator-1");
        await Grains.GetGrain<ICaseGrain>(caseId).Resolve(CaseOutcome.Confirmed, "fake", "moderator-1");
        var after = (await listing.GetRisk())!;
        Assert.Equal(ListingStatus.Removed, after.Status);
        Assert.Equal(RemovedBy.Moderator, after.Removal!.By);
    }
}
