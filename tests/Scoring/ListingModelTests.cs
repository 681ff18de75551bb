using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using static IpGuard.Tests.Scoring.ScoringData;

namespace IpGuard.Tests.Scoring;

/// <summary>One test per factor of <see cref="ListingModel.Assess"/> under the shipped default policy.</summary>
public sealed class ListingModelTests
{
    private static readonly BrandRegistryEntry Acme =
        Brand("acme", "Acme", trademarks: ["AcmeRun"], protectedTerms: ["Roadrunner"], reference: Usd(100));

    private static readonly BrandRegistryEntry Globex =
        Brand("globex", "Globex", trademarks: ["GlobexPro"], reference: Usd(100));

    private static readonly BrandRegistryEntry Lumina =
        Brand("lumina", "Lumina", restricted: true, reference: Usd(200), authorized: ["seller-auth"]);

    private static readonly RegistryIndex Reg = Registry(Acme, Globex, Lumina);

    [Fact] // a clean listing with no brand, no terms and no reports scores 0
    public void Clean_listing_scores_zero()
    {
        var a = AssessListing(Listing("Blue running shoes size 42"), Reg);

        Assert.Equal(0, a.Score);
        Assert.Empty(a.Factors);
        Assert.Equal(Band.Low, a.Band);
    }

    [Theory] // an unambiguous counterfeit term in the title of a listing that claims a brand earns CounterfeitTermInTitle (40)
    [InlineData("Acme replica trail shoes")]
    [InlineData("Acme 1:1 sneakers")]
    [InlineData("genuine leather KNOCK OFF Acme wallet")]
    [InlineData("trail shoes, super copy")]
    public void Unambiguous_counterfeit_term_in_title_of_a_branded_listing(string title)
    {
        var a = AssessListing(Listing(title, brandId: "acme", price: Usd(100)), Reg);

        Assert.Equal(40, a.PointsOf("counterfeit_terms"));
        Assert.StartsWith("title says", a.Find("counterfeit_terms")!.Detail);
        Assert.Equal(40, a.Score);
    }

    [Theory] // an ambiguous term in the title of a listing that claims a brand earns AmbiguousTermInTitle (35)
    [InlineData("Acme Mirror-Quality watch")]
    [InlineData("Acme sneakers AAA+")]
    [InlineData("Acme dupe tote")]
    public void Ambiguous_counterfeit_term_in_title_of_a_branded_listing(string title)
    {
        var a = AssessListing(Listing(title, brandId: "acme", price: Usd(100)), Reg);

        Assert.Equal(35, a.PointsOf("counterfeit_terms"));
        Assert.Equal(35, a.Score);
    }

    [Theory] // without a brand claimed or named, terms keep UnbrandedTermShare (0.5) or, when ambiguous, UnbrandedAmbiguousTermShare (0.1)
    [InlineData("Replica handbag", 20)]
    [InlineData("genuine leather KNOCK OFF wallet", 20)]
    [InlineData("1:1 sneakers AAA+", 20)] // the strongest term counts
    [InlineData("Mirror-Quality watch", 4)] // 3.5 rounded away from zero
    [InlineData("Inspired by the sea: canvas print", 4)]
    public void Counterfeit_term_in_title_of_an_unbranded_listing(string title, int expected)
    {
        var a = AssessListing(Listing(title), Reg);

        Assert.Equal(expected, a.PointsOf("counterfeit_terms"));
        Assert.Contains("no brand claimed or named", a.Find("counterfeit_terms")!.Detail);
        Assert.Equal(expected, a.Score);
    }

    [Fact] // a counterfeit term only in the description earns CounterfeitTermInDescription (15) on a branded listing, half of it without a brand
    public void Counterfeit_term_in_description()
    {
        var terms = TextScan.FindPhrases("Great bag, super copy of the original, looks the same", CounterfeitTerms);
        var branded = AssessListing(Listing("Acme handbag", brandId: "acme", price: Usd(100), descriptionTerms: terms), Reg);
        var unbranded = AssessListing(Listing("Leather handbag", descriptionTerms: terms), Reg);

        Assert.Equal(["super copy"], terms);
        Assert.Equal(15, branded.PointsOf("counterfeit_terms"));
        Assert.StartsWith("description says", branded.Find("counterfeit_terms")!.Detail);
        Assert.Equal(15, branded.Score);
        Assert.Equal(8, unbranded.PointsOf("counterfeit_terms")); // 7.5 rounded away from zero
    }

    [Fact] // an ambiguous term only in the description ("takes 2 AAA batteries") earns AmbiguousTermInDescription (5) on a branded listing
    public void Ambiguous_term_in_description()
    {
        var a = AssessListing(Listing("Acme head torch", brandId: "acme", price: Usd(100), descriptionTerms: ["aaa"]), Reg);

        Assert.Equal(5, a.PointsOf("counterfeit_terms"));
    }

    [Fact] // terms in both title and description count once, at the title weight
    public void Counterfeit_terms_in_title_and_description_count_once_at_title_weight()
    {
        var a = AssessListing(Listing("Replica handbag", descriptionTerms: ["fake"]), Reg);

        Assert.Single(a.Factors, f => f.Code == "counterfeit_terms");
        Assert.Equal(20, a.Score);
    }

    [Fact] // a counterfeit term is matched as a whole word only ("fakeroo" is not "fake")
    public void Counterfeit_term_needs_whole_words()
    {
        var a = AssessListing(Listing("Fakeroo brand replicator toy"), Reg);

        Assert.Equal(0, a.PointsOf("counterfeit_terms"));
    }

    [Fact] // content signals halve after SignalHalfLifeDays (90) since the listing's last change
    public void Counterfeit_term_decays_with_listing_age()
    {
        var a = AssessListing(Listing("Acme replica handbag", brandId: "acme", price: Usd(100), changedAt: DaysAgo(90)), Reg);

        Assert.Equal(20, a.PointsOf("counterfeit_terms"));
    }

    [Fact] // another brand's trademark in the title of a listing claiming a different brand earns BrandTermMismatch (25)
    public void Brand_term_mismatch_when_listing_claims_another_brand()
    {
        var a = AssessListing(Listing("AcmeRun trail shoes", brandId: "globex", price: Usd(100)), Reg);

        Assert.Equal(25, a.PointsOf("brand_term_mismatch"));
        Assert.Contains("claims brand globex", a.Find("brand_term_mismatch")!.Detail);
        Assert.Equal(25, a.Score);
    }

    [Fact] // a brand's protected term in the title of a listing claiming no brand earns BrandTermMismatch (25)
    public void Brand_term_mismatch_when_listing_claims_no_brand()
    {
        var a = AssessListing(Listing("Roadrunner style trail shoes"), Reg);

        Assert.Equal(25, a.PointsOf("brand_term_mismatch"));
        Assert.Contains("claims no brand", a.Find("brand_term_mismatch")!.Detail);
    }

    [Theory] // no mismatch when the term in the title is the claimed brand's own name, trademark or protected term
    [InlineData("Acme trail shoes")]
    [InlineData("AcmeRun trail shoes")]
    [InlineData("Roadrunner trail shoes")]
    public void No_brand_term_mismatch_for_the_claimed_brands_own_term(string title)
    {
        var a = AssessListing(Listing(title, brandId: "acme", price: Usd(100)), Reg);

        Assert.Equal(0, a.PointsOf("brand_term_mismatch"));
        Assert.Equal(0, a.Score);
    }

    [Fact] // no mismatch when the term is the claimed brand's own, even if another brand registers the same term
    public void No_brand_term_mismatch_for_own_term_shared_with_another_brand()
    {
        var registry = Registry(
            Brand("polo-a", "Polo Heritage", trademarks: ["Polo"]),
            Brand("polo-b", "Polo Club", trademarks: ["Polo"]));

        var claimsFirst = AssessListing(Listing("Polo shirt navy", brandId: "polo-a"), registry);
        var claimsSecond = AssessListing(Listing("Polo shirt navy", brandId: "polo-b"), registry);

        Assert.Equal(0, claimsFirst.PointsOf("brand_term_mismatch"));
        Assert.Equal(0, claimsSecond.PointsOf("brand_term_mismatch"));
    }

    [Fact] // a restricted brand listed by an unauthorized seller earns RestrictedUnauthorized (30)
    public void Restricted_brand_unauthorized_seller()
    {
        var a = AssessListing(Listing("Lumina evening bag", brandId: "lumina", price: Usd(200)), Reg);

        Assert.Equal(30, a.PointsOf("restricted_brand_unauthorized"));
        Assert.Equal(30, a.Score);
    }

    [Fact] // no restricted-brand points when the seller is authorized by the brand
    public void Restricted_brand_authorized_seller_is_not_penalized()
    {
        var a = AssessListing(Listing("Lumina evening bag", brandId: "lumina", sellerId: "seller-auth", price: Usd(200)), Reg);

        Assert.Equal(0, a.PointsOf("restricted_brand_unauthorized"));
        Assert.Equal(0, a.Score);
    }

    [Fact] // no restricted-brand points for an unrestricted brand, authorized or not
    public void Unrestricted_brand_is_not_penalized()
    {
        var a = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(100)), Reg);

        Assert.Equal(0, a.PointsOf("restricted_brand_unauthorized"));
    }

    [Theory] // honest sales of 20–30% below the reference price earn no price points
    [InlineData(80)]
    [InlineData(75)]
    [InlineData(70)]
    public void Price_discount_of_20_to_30_percent_earns_nothing(decimal amount)
    {
        var a = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(amount)), Reg);

        Assert.Equal(0, a.PointsOf("price_far_below_reference"));
        Assert.Equal(0, a.Score);
    }

    [Fact] // 60% below the reference price earns 10 + (0.60-0.40)/(0.80-0.40) * 20 = 20 points, and nothing else
    public void Price_60_percent_below_reference_earns_points()
    {
        var a = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(40)), Reg);

        Assert.Equal(20, a.PointsOf("price_far_below_reference"));
        Assert.Contains("100 USD", a.Find("price_far_below_reference")!.Detail);
        Assert.Equal(20, a.Score);
    }

    [Theory] // the price factor starts at PriceMinPoints at 40% off and reaches PriceMaxPoints from 80% off
    [InlineData(61, 0)]
    [InlineData(60, 10)]
    [InlineData(50, 15)]
    [InlineData(20, 30)]
    [InlineData(1, 30)]
    public void Price_factor_range(decimal amount, int expected)
    {
        var a = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: Usd(amount)), Reg);

        Assert.Equal(expected, a.PointsOf("price_far_below_reference"));
    }

    [Fact] // no price points when the listing's currency differs from the reference price's
    public void Price_in_another_currency_is_not_compared()
    {
        var a = AssessListing(Listing("Acme trail shoes", brandId: "acme", price: new Money(40, "EUR")), Reg);

        Assert.Equal(0, a.PointsOf("price_far_below_reference"));
        Assert.Null(ListingModel.Discount(new Money(40, "EUR"), Usd(100)));
    }

    [Theory] // each distinct reporter adds BuyerReport (8) or SystemReport (12)
    [InlineData(ReporterKind.Buyer, 1, 8)]
    [InlineData(ReporterKind.Buyer, 3, 24)]
    [InlineData(ReporterKind.System, 1, 12)]
    [InlineData(ReporterKind.System, 2, 24)]
    public void Reports_add_points_per_reporter(ReporterKind kind, int count, int expected)
    {
        var a = AssessListing(Listing("Blue running shoes", reports: Reports(count, kind)), Reg);

        Assert.Equal(expected, a.PointsOf("reports"));
        Assert.Equal(expected, a.Score);
    }

    [Fact] // report points stop at ReportCap (30)
    public void Reports_are_capped()
    {
        var a = AssessListing(Listing("Blue running shoes", reports: Reports(10, ReporterKind.System)), Reg);

        Assert.Equal(30, a.PointsOf("reports"));
    }

    [Fact] // a report halves after ReportHalfLifeDays (30)
    public void Reports_decay()
    {
        var a = AssessListing(Listing("Blue running shoes", reports: Reports(1, ReporterKind.Buyer, ageDays: 30)), Reg);

        Assert.Equal(4, a.PointsOf("reports"));
    }

    [Fact] // factors add up and the band follows the score
    public void Factors_add_up_to_score_and_band()
    {
        var a = AssessListing(Listing("Lumina replica bag", brandId: "lumina", price: Usd(200), reports: Reports(1)), Reg);

        Assert.Equal(40 + 30 + 8, a.Score);
        Assert.Equal(a.Score, a.SumOfPoints());
        Assert.Equal(Band.Critical, a.Band);
    }

    [Fact] // a sum over 100 is capped by a negative score_cap factor so points still add up to 100
    public void Score_is_capped_at_100_with_score_cap_factor()
    {
        var a = AssessListing(
            Listing("Globex replica bag", brandId: "lumina", price: Usd(1), reports: Reports(5, ReporterKind.System)), Reg);

        // 40 counterfeit + 25 mismatch + 30 restricted + 30 price + 30 reports + 25 corroborated = 180
        Assert.Equal(100, a.Score);
        Assert.Equal(-80, a.PointsOf("score_cap"));
        Assert.Equal(100, a.SumOfPoints());
    }

    [Theory] // StatusFor: flag at 40, removal at 70, withdrawn below removal, removal wins over withdrawal
    [InlineData(0, false, ListingStatus.Active)]
    [InlineData(39, false, ListingStatus.Active)]
    [InlineData(40, false, ListingStatus.Flagged)]
    [InlineData(69, false, ListingStatus.Flagged)]
    [InlineData(70, false, ListingStatus.Removed)]
    [InlineData(100, false, ListingStatus.Removed)]
    [InlineData(0, true, ListingStatus.Withdrawn)]
    [InlineData(40, true, ListingStatus.Withdrawn)]
    [InlineData(69, true, ListingStatus.Withdrawn)]
    [InlineData(70, true, ListingStatus.Removed)]
    public void StatusFor_thresholds(int score, bool withdrawn, ListingStatus expected)
    {
        Assert.Equal(expected, ListingModel.StatusFor(score, withdrawn, Policy.Listing));
    }
}
