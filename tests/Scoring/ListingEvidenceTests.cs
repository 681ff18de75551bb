using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using static IpGuard.Tests.Scoring.ScoringData;

namespace IpGuard.Tests.Scoring;

/// <summary>
/// The listing evidence that holds up against honest look-alikes, under the shipped default policy:
/// the restricted-brand gate, photos, price against reference and observed prices, counterfeit
/// wording read in context, accessories naming the brand they fit, and corroborated discounts.
/// </summary>
public sealed class ListingEvidenceTests
{
    private static readonly RegistryIndex Reg = Registry(
        Brand("acme", "Acme", trademarks: ["AcmeRun"], reference: Usd(100)),
        Brand("lumora", "Lumora", restricted: true, trademarks: ["Lumora"], reference: Usd(400), authorized: ["dealer"]),
        Brand("voltcell", "Voltcell", reference: Usd(20)),
        Brand("ardenne", "Ardenne"));

    // ---- restricted brands are gated ------------------------------------------------------------

    [Fact] // an unauthorized seller's listing of a restricted brand is flagged even at 30 points, and the factor says why
    public void Restricted_brand_unauthorized_is_never_active()
    {
        var a = AssessListing(Listing("Lumora evening bag", brandId: "lumora", price: Usd(380)), Reg);

        Assert.Equal(30, a.Score);
        Assert.Equal(ListingStatus.Active, ListingModel.StatusFor(a.Score, false, Policy.Listing));
        Assert.Equal(ListingStatus.Flagged, ListingModel.StatusFor(a, false, Policy.Listing));
        Assert.Contains("not authorized", a.Find(ListingModel.RestrictedBrandUnauthorized)!.Detail);
    }

    [Fact] // once the brand authorizes the seller, the same listing assessed again is active
    public void Authorizing_the_seller_lifts_the_gate()
    {
        var listing = Listing("Lumora evening bag", brandId: "lumora", sellerId: "grey-1", price: Usd(380));
        var before = AssessListing(listing, Reg);
        var authorized = Registry(
            Brand("lumora", "Lumora", restricted: true, trademarks: ["Lumora"], reference: Usd(400), authorized: ["dealer", "grey-1"]));
        var after = AssessListing(listing, authorized);

        Assert.Equal(ListingStatus.Flagged, ListingModel.StatusFor(before, false, Policy.Listing));
        Assert.Equal(ListingStatus.Active, ListingModel.StatusFor(after, false, Policy.Listing));
        Assert.Equal(0, after.Score);
    }

    [Fact] // the gate never turns removal or withdrawal into flagged, and leaves authorized and unrestricted listings alone
    public void Gate_only_raises_active_to_flagged()
    {
        var removed = AssessListing(Listing("Lumora bag replica", brandId: "lumora", price: Usd(80)), Reg);
        var gated = AssessListing(Listing("Lumora evening bag", brandId: "lumora", price: Usd(380)), Reg);
        var dealer = AssessListing(Listing("Lumora evening bag", brandId: "lumora", sellerId: "dealer", price: Usd(380)), Reg);
        var open = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(100)), Reg);

        Assert.Equal(ListingStatus.Removed, ListingModel.StatusFor(removed, false, Policy.Listing));
        Assert.Equal(ListingStatus.Withdrawn, ListingModel.StatusFor(gated, true, Policy.Listing));
        Assert.Equal(ListingStatus.Active, ListingModel.StatusFor(dealer, false, Policy.Listing));
        Assert.Equal(ListingStatus.Active, ListingModel.StatusFor(open, false, Policy.Listing));
    }

    [Fact] // the restricted-brand factor is a standing fact: it does not decay with the listing's age
    public void Restricted_brand_factor_does_not_decay()
    {
        var a = AssessListing(Listing("Lumora evening bag", brandId: "lumora", price: Usd(380), changedAt: DaysAgo(900)), Reg);

        Assert.Equal(30, a.PointsOf("restricted_brand_unauthorized"));
        Assert.Equal(ListingStatus.Flagged, ListingModel.StatusFor(a, false, Policy.Listing));
    }

    [Fact] // with the gate turned off in the policy, the score alone decides
    public void Gate_can_be_turned_off()
    {
        var policy = new ListingPolicy { GateRestrictedUnauthorized = false };
        var a = AssessListing(Listing("Lumora evening bag", brandId: "lumora", price: Usd(380)), Reg);

        Assert.Equal(ListingStatus.Active, ListingModel.StatusFor(a, false, policy));
    }

    // ---- photos -----------------------------------------------------------------------------

    [Theory] // each photo class earns its weight: official 30, counterfeit 35, shared 15, stock nothing
    [InlineData(1, 0, 0, 0, "official_photos_unauthorized", 30)]
    [InlineData(0, 1, 0, 0, "counterfeit_photos", 35)]
    [InlineData(0, 0, 1, 0, "shared_photos", 15)]
    [InlineData(0, 0, 0, 5, "stock_photos", 0)]
    public void Photo_classes_earn_their_weight(int official, int counterfeit, int shared, int stock, string code, int expected)
    {
        var a = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(100),
            images: new ImageEvidence(official, counterfeit, shared, stock)), Reg);

        Assert.Equal(expected, a.PointsOf(code));
        Assert.Equal(expected, a.Score);
    }

    [Theory] // further photos of a class add ExtraPhotoShare (25%) each, for at most 2 more
    [InlineData(2, 19)] // 15 * 1.25 = 18.75
    [InlineData(3, 23)] // 15 * 1.5 = 22.5
    [InlineData(9, 23)]
    public void Further_photos_add_a_little(int shared, int expected)
    {
        var a = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(100), images: new ImageEvidence(SharedPhotos: shared)), Reg);

        Assert.Equal(expected, a.PointsOf("shared_photos"));
    }

    [Fact] // a seller the brand authorized may use the brand's own photos
    public void Official_photos_of_an_authorized_seller_are_no_evidence()
    {
        var a = AssessListing(Listing("Lumora evening bag", brandId: "lumora", sellerId: "dealer", price: Usd(400),
            images: new ImageEvidence(OfficialPhotosUnauthorized: 3)), Reg);

        Assert.Equal(0, a.Score);
    }

    [Fact] // photo evidence decays with the listing's content, like the other content signals
    public void Photo_evidence_decays_with_listing_age()
    {
        var a = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(100), changedAt: DaysAgo(90),
            images: new ImageEvidence(CounterfeitPhotos: 1)), Reg);

        Assert.Equal(18, a.PointsOf("counterfeit_photos")); // 17.5 rounded away from zero
    }

    // ---- price against reference and observed prices ------------------------------------------

    [Fact] // a brand without a reference price is compared with its typical observed price
    public void Observed_price_stands_in_for_a_missing_reference()
    {
        var a = AssessListing(Listing("Ardenne scarf", brandId: "ardenne", price: Usd(40), observed: new ObservedBrandPrice(Usd(100), 50)), Reg);

        Assert.Equal(20, a.PointsOf("price_far_below_reference"));
        Assert.Contains("typical price 100 USD observed from 50 sellers", a.Find("price_far_below_reference")!.Detail);
    }

    [Fact] // an observed price from fewer than ObservedPriceMinSamples (10) distinct sellers is not compared with
    public void Observed_price_from_few_sellers_is_ignored()
    {
        var a = AssessListing(Listing("Ardenne scarf", brandId: "ardenne", price: Usd(40), observed: new ObservedBrandPrice(Usd(100), 9)), Reg);

        Assert.Equal(0, a.Score);
    }

    [Fact] // where the whole market sells far below the reference, the smaller discount counts: the market price protects honest sellers
    public void Smaller_of_reference_and_observed_discount_counts()
    {
        var a = AssessListing(Listing("Lumora evening bag", brandId: "lumora", sellerId: "dealer", price: Usd(200),
            observed: new ObservedBrandPrice(Usd(210), 80)), Reg);

        Assert.Equal(0, a.PointsOf("price_far_below_reference"));
        Assert.Equal(ListingSignals.Branded, EvaluateListing(Listing("Lumora evening bag", brandId: "lumora", sellerId: "dealer", price: Usd(200),
            observed: new ObservedBrandPrice(Usd(210), 80)), Reg).Signals);
    }

    [Fact] // both comparisons are named when both count
    public void Both_comparisons_are_explained()
    {
        var a = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(40), observed: new ObservedBrandPrice(Usd(90), 30)), Reg);

        var detail = a.Find("price_far_below_reference")!.Detail;
        Assert.Contains("60% below the reference price 100 USD", detail);
        Assert.Contains("56% below the typical price 90 USD observed from 30 sellers", detail);
        Assert.Equal(18, a.PointsOf("price_far_below_reference")); // 10 + (0.556 - 0.40) / 0.40 * 20 = 17.8
    }

    [Fact] // a listing that claims no brand but names one is priced against the named brand's reference
    public void Listing_naming_a_brand_is_priced_against_it()
    {
        var a = AssessListing(Listing("AcmeRun style trail shoes", price: Usd(30)), Reg);

        Assert.Equal(25, a.PointsOf("brand_term_mismatch"));
        Assert.Equal(25, a.PointsOf("price_far_below_reference"));
        Assert.Contains("which the title names", a.Find("price_far_below_reference")!.Detail);
    }

    [Theory] // price alone never flags: a clearance sale of 40–60% off, even 95% off, stays active
    [InlineData(60)]
    [InlineData(50)]
    [InlineData(40)]
    [InlineData(5)]
    public void Price_alone_never_flags(decimal amount)
    {
        var a = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(amount)), Reg);

        Assert.True(a.Score < Policy.Listing.FlagThreshold, Describe(a));
        Assert.Equal(ListingStatus.Active, ListingModel.StatusFor(a, false, Policy.Listing));
    }

    // ---- counterfeit wording in context ---------------------------------------------------------

    [Theory] // a term inside an innocent phrase does not count ("AAA batteries", "inspired by nature", "1:1 scale")
    [InlineData("Voltcell AAA batteries, 24 pack", "voltcell")]
    [InlineData("Rechargeable batteries size AAA", null)]
    [InlineData("Canvas print inspired by nature", null)]
    [InlineData("Vintage car 1:1 scale replica model", null)]
    [InlineData("Fake fur throw blanket", null)]
    public void Innocent_phrases_are_not_counterfeit_wording(string title, string? brandId)
    {
        var a = AssessListing(Listing(title, brandId: brandId, price: Usd(20)), Reg);

        Assert.Equal(title.Contains("replica", StringComparison.Ordinal) ? 20 : 0, a.PointsOf("counterfeit_terms"));
    }

    [Fact] // a listing that names a brand in its title (claiming none) reads terms at full weight
    public void Naming_a_brand_gives_terms_full_weight()
    {
        var a = AssessListing(Listing("AcmeRun trail shoes dupe"), Reg);

        Assert.Equal(35, a.PointsOf("counterfeit_terms"));
    }

    // ---- accessories ------------------------------------------------------------------------

    [Theory] // a brand term after a compatibility cue is an accessory's fit: no mismatch, no price comparison, no brand context
    [InlineData("Silicone strap for Lumora watch")]
    [InlineData("Leather case compatible with Lumora Mini")]
    [InlineData("Screen protector for the new Lumora watch")]
    [InlineData("Insoles, fits all AcmeRun shoes")]
    [InlineData("Replacement laces AcmeRun trail")]
    public void Accessory_naming_the_brand_it_fits(string title)
    {
        var a = AssessListing(Listing(title, price: Usd(9)), Reg);

        Assert.Equal(0, a.Score);
        Assert.Null(a.Find("brand_term_mismatch"));
        Assert.Equal(ListingSignals.None, EvaluateListing(Listing(title, price: Usd(9)), Reg).Signals);
    }

    [Fact] // an accessory claiming the brand it fits is not priced against the brand's own goods
    public void Accessory_claiming_the_brand_it_fits_is_not_priced_against_it()
    {
        var a = AssessListing(Listing("Replacement strap for AcmeRun watch", brandId: "acme", price: Usd(8)), Reg);

        Assert.Equal(0, a.Score);
    }

    [Fact] // the cue must stand close before the term: a brand named elsewhere in the title is still a mismatch
    public void Far_cue_does_not_excuse_a_brand_term()
    {
        var a = AssessListing(Listing("Case for phones and wallets, real AcmeRun leather"), Reg);

        Assert.Equal(25, a.PointsOf("brand_term_mismatch"));
    }

    [Fact] // counterfeit wording on an accessory is read without brand context
    public void Accessory_wording_is_read_without_brand_context()
    {
        var a = AssessListing(Listing("AAA+ grade strap for Lumora watch", price: Usd(9)), Reg);

        Assert.Equal(4, a.PointsOf("counterfeit_terms"));
    }

    // ---- corroboration ------------------------------------------------------------------------

    [Fact] // a deep discount with one other kind of evidence earns DiscountCorroborated (15)
    public void Deep_discount_with_one_kind_of_evidence()
    {
        var a = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(50), images: new ImageEvidence(SharedPhotos: 1)), Reg);

        Assert.Equal(15, a.PointsOf("discount_corroborated"));
        Assert.Contains("photos seen elsewhere", a.Find("discount_corroborated")!.Detail);
        Assert.Equal(15 + 15 + 15, a.Score);
    }

    [Fact] // each further kind adds DiscountCorroboratedEach (10), up to DiscountCorroboratedCap (25)
    public void Deep_discount_with_several_kinds_of_evidence()
    {
        var a = AssessListing(Listing("Lumora bag", brandId: "lumora", price: Usd(200),
            images: new ImageEvidence(SharedPhotos: 1), reports: Reports(1)), Reg);

        Assert.Equal(25, a.PointsOf("discount_corroborated"));
        Assert.Contains("restricted brand, photos seen elsewhere, reports", a.Find("discount_corroborated")!.Detail);
    }

    [Fact] // a restricted brand's official photos are one kind of evidence with the restriction: both say the seller is not authorized
    public void Official_photos_and_restriction_are_one_kind()
    {
        var a = AssessListing(Listing("Lumora bag", brandId: "lumora", price: Usd(200), images: new ImageEvidence(OfficialPhotosUnauthorized: 1)), Reg);

        Assert.Equal(15, a.PointsOf("discount_corroborated"));
    }

    [Theory] // no corroboration below DeepDiscount (45%), nor from one new buyer's report (under CorroboratingReportPoints)
    [InlineData(58, 2)] // 42% off
    [InlineData(50, 1)] // 50% off, one report at a new reporter's weight: 4 points
    public void Weak_evidence_does_not_corroborate(decimal amount, int newBuyers)
    {
        var facts = Listing("Acme trail shoes", brandId: "acme", price: Usd(amount), reports: NewBuyerReports(newBuyers));
        var a = AssessListing(facts with { Images = amount == 58 ? new ImageEvidence(SharedPhotos: 1) : default }, Reg);

        Assert.Null(a.Find("discount_corroborated"));
    }

    // ---- signals --------------------------------------------------------------------------------

    [Fact] // the signals a stealthy listing gives its seller: branded, deep discount, restricted, photos
    public void Signals_of_a_stealthy_listing()
    {
        var e = EvaluateListing(Listing("Lumora handbag", brandId: "lumora", price: Usd(200),
            images: new ImageEvidence(OfficialPhotosUnauthorized: 1, SharedPhotos: 1)), Reg);

        Assert.Equal(ListingSignals.Branded | ListingSignals.DeepDiscount | ListingSignals.RestrictedUnauthorized
            | ListingSignals.OfficialPhotosUnauthorized | ListingSignals.SharedPhotos | ListingSignals.DiscountCorroborated, e.Signals);
        var assessed = AssessListing(Listing("Lumora handbag", brandId: "lumora", price: Usd(200),
            images: new ImageEvidence(OfficialPhotosUnauthorized: 1, SharedPhotos: 1)), Reg);
        Assert.Equal(assessed.Score, e.Assessment.Score);
        Assert.Equal(assessed.Factors, e.Assessment.Factors);
    }

    [Fact] // a brand's notice and a failed Transparency scan reach the seller as signals of their own, at any price
    public void Signals_of_notices_and_failed_scans()
    {
        var noticed = EvaluateListing(Listing("Acme trail shoe", brandId: "acme", price: Usd(95)) with { BrandNotices = 1 }, Reg);
        var scanned = EvaluateListing(Listing("Acme trail shoe", brandId: "acme", price: Usd(95)) with { ScanFailures = 1 }, Reg);

        Assert.Equal(ListingSignals.Branded | ListingSignals.Noticed, noticed.Signals);
        Assert.Equal(ListingSignals.Branded | ListingSignals.ScanFailed, scanned.Signals);
    }

    [Fact] // a deep discount backed only by reports is marked corroborated for the seller, though no other signal shows it
    public void Signals_of_a_reported_deep_discount()
    {
        var e = EvaluateListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(50), reports: Reports(2)), Reg);

        Assert.Equal(ListingSignals.Branded | ListingSignals.DeepDiscount | ListingSignals.DiscountCorroborated | ListingSignals.Reported, e.Signals);
    }

    [Fact] // a restricted seller's listing priced deep below its brand follows the restriction off sale; a normally priced one, or with the setting off, does not
    public void Deep_discounts_follow_a_restriction()
    {
        var policy = new RiskPolicy();
        var deep = EvaluateListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(50)), Reg).Signals;
        var full = EvaluateListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(95)), Reg).Signals;

        Assert.Equal("the listing is priced deep below its brand's price", ListingModel.FollowsRestriction(deep, policy.Listing));
        Assert.Null(ListingModel.FollowsRestriction(full, policy.Listing));
        policy.Listing.RestrictionRemovesDeepDiscounts = false;
        Assert.Null(ListingModel.FollowsRestriction(deep, policy.Listing));
    }

    [Fact] // one new buyer's report does not corroborate the discount on the listing, but marks it reported for its seller to add up
    public void Signals_of_a_deep_discount_one_buyer_reported()
    {
        var e = EvaluateListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(50), reports: NewBuyerReports(1)), Reg);

        Assert.Equal(ListingSignals.Branded | ListingSignals.DeepDiscount | ListingSignals.Reported, e.Signals);
    }

    [Fact] // the signals of a crude listing naming a brand: deep discount, wording and mismatch, not branded (it claims none)
    public void Signals_of_a_crude_listing()
    {
        var e = EvaluateListing(Listing("AcmeRun replica shoes", price: Usd(20)), Reg);

        Assert.Equal(ListingSignals.DeepDiscount | ListingSignals.CounterfeitTerms | ListingSignals.BrandTermMismatch | ListingSignals.DiscountCorroborated, e.Signals);
    }

    [Fact] // an honest listing at its price gives only Branded; a clearance one adds DeepDiscount and nothing else
    public void Signals_of_honest_listings()
    {
        Assert.Equal(ListingSignals.Branded, EvaluateListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(95)), Reg).Signals);
        Assert.Equal(ListingSignals.Branded | ListingSignals.DeepDiscount,
            EvaluateListing(Listing("Acme trail shoes - clearance", brandId: "acme", price: Usd(50)), Reg).Signals);
        Assert.Equal(ListingSignals.None, EvaluateListing(Listing("Handmade oak table"), Reg).Signals);
    }
}
