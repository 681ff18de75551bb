using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using static IpGuard.Tests.Scoring.ScoringData;

namespace IpGuard.Tests.Scoring;

/// <summary>Product requirements the shipped default policy must meet on realistic cases.</summary>
public sealed class DefaultPolicyScenarioTests
{
    private static readonly RegistryIndex Reg = Registry(
        Brand("acme", "Acme", trademarks: ["AcmeRun", "Acme Trail"], protectedTerms: ["Roadrunner"], reference: Usd(120)),
        Brand("globex", "Globex", trademarks: ["GlobexPro"], reference: Usd(90)),
        Brand("lumina", "Lumina", restricted: true, trademarks: ["Lumina Noir"], reference: Usd(250), authorized: ["lumina-boutique"]));

    private static readonly Dictionary<VerificationCheck, VerificationStatus> IdentityBusinessBank = Checks(
        (VerificationCheck.Identity, VerificationOutcome.Passed),
        (VerificationCheck.Business, VerificationOutcome.Passed),
        (VerificationCheck.Bank, VerificationOutcome.Passed));

    [Theory] // (a) an honest verified seller discounting 20–30% on a registered brand: listing 0 / active, seller allowed
    [InlineData(0.20)]
    [InlineData(0.25)]
    [InlineData(0.30)]
    public void Honest_verified_seller_discounting_20_to_30_percent_is_allowed(double discount)
    {
        var price = Usd(decimal.Round(120m * (1m - (decimal)discount), 2));
        var description = "Genuine AcmeRun trail shoe, original box and receipt. Holiday sale, 100% authentic.";
        var listing = Listing("Acme AcmeRun Roadrunner trail running shoes - holiday sale", brandId: "acme", price: price,
            descriptionTerms: TextScan.FindPhrases(description, CounterfeitTerms));

        var listingRisk = AssessListing(listing, Reg);
        var status = ListingModel.StatusFor(listingRisk.Score, false, Policy.Listing);

        Assert.Equal(0, listingRisk.Score);
        Assert.Equal(ListingStatus.Active, status);

        var seller = Seller(ageDays: 120, verifications: IdentityBusinessBank,
            listings: [new ListingRiskFact(status, listingRisk.Score, null, Now), .. ActiveListings(4)]);
        var sellerRisk = AssessSeller(seller);

        Assert.Equal(Decision.Allow, Decisions.Next(sellerRisk.Score, Decision.Allow, Policy.Decisions));
        Assert.Equal(CheckoutOutcome.Allow, CheckoutModel.Decide(Decision.Allow, true, status).Outcome);
    }

    [Fact] // (b) a verified 2-year-old seller with 30 clean listings absorbs 3 buyer reports against it and stays allowed
    public void Established_verified_seller_absorbs_three_seller_reports()
    {
        var seller = Seller(ageDays: 730, verifications: IdentityBusinessBank,
            listings: ActiveListings(30, score: 0, ageDays: 40), reports: Reports(3, ReporterKind.Buyer));

        var risk = AssessSeller(seller);

        Assert.Equal(Decision.Allow, Decisions.Next(risk.Score, Decision.Allow, Policy.Decisions));
        Assert.True(risk.Score < Policy.Decisions.Monitor, Describe(risk));
    }

    [Fact] // (b) the same seller stays allowed when the 3 buyer reports all land on one listing (listing and seller both count them)
    public void Established_verified_seller_absorbs_three_listing_reports()
    {
        var reported = AssessListing(
            Listing("AcmeRun trail shoes", brandId: "acme", price: Usd(110), changedAt: DaysAgo(40), reports: Reports(3)), Reg);
        var status = ListingModel.StatusFor(reported.Score, false, Policy.Listing);

        var seller = Seller(ageDays: 730, verifications: IdentityBusinessBank,
            listings: [new ListingRiskFact(status, reported.Score, null, Now), .. ActiveListings(29, score: 0, ageDays: 40)],
            reports: Reports(3, ReporterKind.Buyer));
        var risk = AssessSeller(seller);

        Assert.Equal(ListingStatus.Active, status);
        Assert.Equal(Decision.Allow, Decisions.Next(risk.Score, Decision.Allow, Policy.Decisions));
    }

    [Fact] // (c) a new unverified seller listing a restricted brand at 60% off with "replica" in the title: removed, seller reaches Review
    public void New_unverified_seller_with_restricted_replica_is_removed_and_reviewed()
    {
        var listing = Listing("Lumina Noir handbag REPLICA - limited", brandId: "lumina", sellerId: "new-seller", price: Usd(100));

        var listingRisk = AssessListing(listing, Reg);
        var status = ListingModel.StatusFor(listingRisk.Score, false, Policy.Listing);

        Assert.Equal(ListingStatus.Removed, status);
        Assert.Equal(40, listingRisk.PointsOf("counterfeit_terms"));
        Assert.Equal(30, listingRisk.PointsOf("restricted_brand_unauthorized"));
        Assert.Equal(20, listingRisk.PointsOf("price_far_below_reference"));
        Assert.Equal(25, listingRisk.PointsOf("discount_corroborated")); // wording and the restricted brand back the discount
        Assert.Equal(100, listingRisk.Score);

        var registeredToday = new DateTimeOffset(Now.Date, TimeSpan.Zero);
        var seller = new SellerFacts(registeredToday, registeredToday, new Dictionary<VerificationCheck, VerificationStatus>(),
            [new ListingRiskFact(status, listingRisk.Score, RemovedBy.Proactive, Now)], [], []);
        var sellerRisk = AssessSeller(seller);
        var decision = Decisions.Next(sellerRisk.Score, Decision.Allow, Policy.Decisions);

        Assert.True(decision >= Decision.Review, $"{decision}: {Describe(sellerRisk)}");
        Assert.Equal(CheckoutOutcome.Block, CheckoutModel.Decide(decision, true, status).Outcome);
    }
}
