using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using static IpGuard.Tests.Scoring.ScoringData;

namespace IpGuard.Tests.Scoring;

/// <summary>
/// The seller factors read across listings and accounts, under the shipped default policy:
/// fingerprint links weighed by kind and rarity, deep-discount and corroborated-listing patterns,
/// and a new account listing many brands.
/// </summary>
public sealed class SellerPatternTests
{
    private static readonly Dictionary<VerificationCheck, VerificationStatus> IdentityPassed =
        Checks((VerificationCheck.Identity, VerificationOutcome.Passed));

    private const ListingSignals BrandedDeep = ListingSignals.Branded | ListingSignals.DeepDiscount;

    private static ListingRiskFact Live(ListingSignals signals, string? brandId = "acme", double ageDays = 0, int score = 0, ListingStatus status = ListingStatus.Active) =>
        new(status, score, status == ListingStatus.Removed ? RemovedBy.Proactive : null, DaysAgo(ageDays), signals, brandId);

    // ---- fingerprint links ------------------------------------------------------------------

    [Theory] // a fingerprint shared with one suspended seller earns its kind's weight: bank 85, tax id 85, device 35, address 15
    [InlineData(FingerprintKind.BankAccount, 85)]
    [InlineData(FingerprintKind.TaxId, 85)]
    [InlineData(FingerprintKind.Device, 35)]
    [InlineData(FingerprintKind.Address, 15)]
    public void Link_weight_by_kind(FingerprintKind kind, int expected)
    {
        var a = AssessSeller(Seller(verifications: IdentityPassed, links: [new FingerprintLink(kind, 1, 1)]));

        Assert.Equal(expected, a.PointsOf("linked_to_enforced"));
    }

    [Theory] // a fingerprint shared by more than LinkRareSharers (3) sellers counts in proportion, unless most of them are suspended
    [InlineData(3, 1, 15)]
    [InlineData(6, 1, 8)] // 15 * 3/6 = 7.5
    [InlineData(40, 1, 1)] // a prep center's address: 15 * 3/40 = 1.1
    [InlineData(40, 30, 11)] // a counterfeit ring's address: 15 * 30/40 = 11.25
    public void Link_weight_by_rarity(int sharing, int suspended, int expected)
    {
        var a = AssessSeller(Seller(verifications: IdentityPassed, links: [new FingerprintLink(FingerprintKind.Address, suspended, sharing)]));

        Assert.Equal(expected, a.PointsOf("linked_to_enforced"));
    }

    [Fact] // links of several kinds add up to LinkCap (90), and the detail names each
    public void Links_add_up_to_a_cap()
    {
        var a = AssessSeller(Seller(verifications: IdentityPassed, links:
            [new FingerprintLink(FingerprintKind.BankAccount, 1, 1), new FingerprintLink(FingerprintKind.Device, 1, 2)]));

        Assert.Equal(90, a.PointsOf("linked_to_enforced"));
        Assert.Contains("bank account shared with 1 suspended seller(s) (1 seller(s) share it)", a.Find("linked_to_enforced")!.Detail);
        Assert.Contains("device shared with 1 suspended seller(s) (2 seller(s) share it)", a.Find("linked_to_enforced")!.Detail);
    }

    [Fact] // a bank account shared with one suspended seller takes a new, fully verified account to suspend on its own
    public void Bank_link_alone_suspends_a_new_account()
    {
        var all = Checks(Enum.GetValues<VerificationCheck>().Select(c => (c, VerificationOutcome.Passed)).ToArray());
        var a = AssessSeller(Seller(ageDays: 1, verifications: all, links: [new FingerprintLink(FingerprintKind.BankAccount, 1, 1)]));

        Assert.Equal(Decision.Suspend, Decisions.For(a.Score, Policy.Decisions));
    }

    [Fact] // a link strong enough to count as enforcement halves the trust credits; a weak one does not
    public void Strong_links_halve_credits_weak_ones_do_not()
    {
        var strong = AssessSeller(Seller(verifications: IdentityPassed, links: [new FingerprintLink(FingerprintKind.Device, 1, 1)]));
        var weak = AssessSeller(Seller(verifications: IdentityPassed, links: [new FingerprintLink(FingerprintKind.Address, 1, 30)]));

        Assert.Equal(-4, strong.PointsOf("verified_identity"));
        Assert.Equal(-8, weak.PointsOf("verified_identity"));
    }

    [Fact] // given links replace the old bool: an empty list, or fingerprints no suspended seller shares, earn nothing
    public void Links_replace_the_bool()
    {
        var empty = AssessSeller(Seller(verifications: IdentityPassed) with { LinkedToEnforced = true, Links = [] });
        var unsuspended = AssessSeller(Seller(verifications: IdentityPassed, links: [new FingerprintLink(FingerprintKind.BankAccount, 0, 4)]));

        Assert.Null(empty.Find("linked_to_enforced"));
        Assert.Null(unsuspended.Find("linked_to_enforced"));
    }

    [Fact] // without links the old bool still earns LinkedToEnforced (30)
    public void Bool_link_still_works()
    {
        var a = AssessSeller(Seller(verifications: IdentityPassed) with { LinkedToEnforced = true });

        Assert.Equal(30, a.PointsOf("linked_to_enforced"));
        Assert.Equal(-4, a.PointsOf("verified_identity"));
    }

    // ---- deep discount pattern -------------------------------------------------------------------

    [Theory] // deep_discount_pattern: nothing under 3 deep listings; DeepDiscountPattern (48) x share² x min(1, n / 4)
    [InlineData(2, 0, 0)]
    [InlineData(3, 0, 36)]
    [InlineData(4, 0, 48)]
    [InlineData(12, 0, 48)]
    [InlineData(6, 6, 12)] // half the branded listings: 48 * 0.25
    [InlineData(5, 15, 3)] // a clearance seller's handful: 48 * (5/20)² = 3
    public void Deep_discount_pattern(int deep, int fullPrice, int expected)
    {
        var listings = Enumerable.Repeat(Live(BrandedDeep), deep).Concat(Enumerable.Repeat(Live(ListingSignals.Branded), fullPrice)).ToArray();
        var a = AssessSeller(Seller(ageDays: 200, verifications: IdentityPassed, listings: listings));

        Assert.Equal(expected, a.PointsOf("deep_discount_pattern"));
    }

    [Fact] // the pattern weighs NewAccountPatternMultiplier (1.25) more on a new account
    public void Deep_discount_pattern_is_stronger_on_a_new_account()
    {
        var a = AssessSeller(Seller(ageDays: 3, verifications: IdentityPassed, listings: Enumerable.Repeat(Live(BrandedDeep), 6).ToArray()));

        Assert.Equal(60, a.PointsOf("deep_discount_pattern"));
        Assert.Contains("new account", a.Find("deep_discount_pattern")!.Detail);
    }

    [Fact] // removed listings count in the pattern (they were listed), withdrawn ones do not, and old listings weigh less
    public void Deep_discount_pattern_counts_listed_listings_by_age()
    {
        var listings = new[]
        {
            Live(BrandedDeep, status: ListingStatus.Removed, score: 80),
            Live(BrandedDeep, status: ListingStatus.Flagged, score: 45),
            Live(BrandedDeep),
            Live(BrandedDeep, status: ListingStatus.Withdrawn),
            Live(BrandedDeep, ageDays: 90),
            Live(BrandedDeep, ageDays: 90),
        };
        var a = AssessSeller(Seller(ageDays: 200, verifications: IdentityPassed, listings: listings));

        Assert.Contains("5 of 5 branded", a.Find("deep_discount_pattern")!.Detail);
        Assert.Equal(48, a.PointsOf("deep_discount_pattern")); // 48 x 1² x min(1, (3 + 0.5 + 0.5) / 4)
    }

    [Fact] // a seller whose every branded listing is deep below its brand's price keeps only half its trust credits; a clearance corner keeps them whole
    public void Deep_pattern_on_nearly_every_listing_halves_the_credits()
    {
        var all = AssessSeller(Seller(ageDays: 200, verifications: IdentityPassed, listings: Enumerable.Repeat(Live(BrandedDeep), 4).ToArray()));
        var corner = AssessSeller(Seller(ageDays: 200, verifications: IdentityPassed,
            listings: [.. Enumerable.Repeat(Live(BrandedDeep), 4), .. Enumerable.Repeat(Live(ListingSignals.Branded), 8)]));

        Assert.Equal(-4, all.PointsOf("verified_identity"));
        Assert.Equal(-8, corner.PointsOf("verified_identity"));
        Assert.Equal(5, corner.PointsOf("deep_discount_pattern")); // 48 * (4/12)² = 5.3
    }

    // ---- evidence across listings --------------------------------------------------------------------

    [Fact] // three kinds of doubt over three listings, none with two of its own: EvidenceAcrossListings (36) x 1/2 (ramp to 4 kinds) x 3/5 listings, and the credits halve
    public void Evidence_of_three_kinds_across_listings()
    {
        var listings = new[]
        {
            Live(ListingSignals.Branded | ListingSignals.RestrictedUnauthorized, score: 30),
            Live(ListingSignals.Branded | ListingSignals.Noticed, score: 20),
            Live(ListingSignals.Branded | ListingSignals.ScanFailed, score: 40),
            Live(ListingSignals.Branded),
            Live(ListingSignals.Branded),
        };
        var a = AssessSeller(Seller(ageDays: 400, verifications: IdentityPassed, listings: listings));

        Assert.Equal(11, a.PointsOf("evidence_across_listings")); // 36 * 0.5 * 0.6 = 10.8
        Assert.Equal("3 of 5 listing(s) doubted, on evidence of 3 kinds: authorization, brand notices, Transparency scans", a.Find("evidence_across_listings")!.Detail);
        Assert.Equal(-4, a.PointsOf("verified_identity"));
        Assert.Equal(a.Score, Math.Clamp(a.SumOfPoints(), 0, 100));
    }

    [Fact] // four kinds or more on every listing earn the whole weight (36), and a quiet verified counterfeiter of five listings reaches restrict
    public void Evidence_of_four_kinds_on_every_listing_restricts_a_quiet_verified_seller()
    {
        var checks = Checks((VerificationCheck.Identity, VerificationOutcome.Passed), (VerificationCheck.Business, VerificationOutcome.Passed), (VerificationCheck.Bank, VerificationOutcome.Passed));
        var listings = new[]
        {
            Live(ListingSignals.Branded | ListingSignals.RestrictedUnauthorized, score: 41, status: ListingStatus.Flagged),
            Live(ListingSignals.Branded | ListingSignals.Noticed, score: 20, status: ListingStatus.Flagged),
            Live(ListingSignals.Branded | ListingSignals.Noticed | ListingSignals.ScanFailed, score: 60, status: ListingStatus.Flagged),
            Live(BrandedDeep | ListingSignals.Noticed, score: 49, status: ListingStatus.Flagged),
            Live(ListingSignals.Branded | ListingSignals.OfficialPhotosUnauthorized, score: 30),
        };
        var facts = Seller(ageDays: 400, verifications: checks, listings: listings) with { NoticedListings = 3 };
        var withIt = AssessSeller(facts);
        var without = SellerModel.Assess(facts, WithoutEvidenceAcrossListings(), Now);

        Assert.Equal(36, withIt.PointsOf("evidence_across_listings"));
        Assert.True(Decisions.For(withIt.Score, Policy.Decisions) >= Decision.Restrict, Describe(withIt));
        Assert.True(Decisions.For(without.Score, Policy.Decisions) < Decision.Restrict, Describe(without));
    }

    [Fact] // an honest reseller's ordinary doubts, the brand's photos and a clearance, are two kinds: nothing; reports and shared photos are not kinds
    public void Two_kinds_reports_and_shared_photos_earn_nothing()
    {
        var listings = new[]
        {
            Live(ListingSignals.Branded | ListingSignals.OfficialPhotosUnauthorized),
            Live(ListingSignals.Branded | ListingSignals.OfficialPhotosUnauthorized | ListingSignals.SharedPhotos),
            Live(BrandedDeep | ListingSignals.Reported),
            Live(BrandedDeep | ListingSignals.OfficialPhotosUnauthorized | ListingSignals.Reported),
            Live(ListingSignals.Branded),
        };
        var a = AssessSeller(Seller(ageDays: 400, verifications: IdentityPassed, listings: listings));

        Assert.Null(a.Find("evidence_across_listings"));
        Assert.Equal(-8, a.PointsOf("verified_identity"));
    }

    [Fact] // evidence of several kinds on one listing alone is that listing's to weigh: nothing below EvidenceListingsMin (2) doubted listings
    public void One_doubted_listing_earns_nothing()
    {
        var a = AssessSeller(Seller(ageDays: 400, verifications: IdentityPassed, listings:
            [Live(BrandedDeep | ListingSignals.RestrictedUnauthorized | ListingSignals.Noticed, score: 70), Live(ListingSignals.Branded)]));

        Assert.Null(a.Find("evidence_across_listings"));
    }

    private static RiskPolicy WithoutEvidenceAcrossListings()
    {
        var policy = new RiskPolicy();
        policy.Seller.EvidenceAcrossListings = 0;
        return policy;
    }

    // ---- corroborated listings and many brands ----------------------------------------------------

    [Fact] // each listing with evidence of two kinds earns CorroboratedListing (6), from 2 listings, up to 30
    public void Corroborated_listings()
    {
        var corroborated = Live(BrandedDeep | ListingSignals.RestrictedUnauthorized);
        var one = AssessSeller(Seller(verifications: IdentityPassed, listings: [corroborated]));
        var three = AssessSeller(Seller(verifications: IdentityPassed, listings: [corroborated, corroborated, corroborated]));
        var ten = AssessSeller(Seller(verifications: IdentityPassed, listings: Enumerable.Repeat(corroborated, 10).ToArray()));

        Assert.Null(one.Find("corroborated_listings"));
        Assert.Equal(18, three.PointsOf("corroborated_listings"));
        Assert.Equal(30, ten.PointsOf("corroborated_listings"));
    }

    [Fact] // a listing whose discount the listing model found corroborated (by reports, notices or scans) counts too
    public void Listings_with_a_corroborated_discount_count()
    {
        var reported = Live(BrandedDeep | ListingSignals.DiscountCorroborated);
        var a = AssessSeller(Seller(verifications: IdentityPassed, listings: [reported, reported]));

        Assert.Equal(12, a.PointsOf("corroborated_listings"));
    }

    [Fact] // a restricted brand listed with the brand's photos is one kind (authorization): a grey importer's listings are not corroborated
    public void Restriction_and_official_photos_are_one_kind()
    {
        var grey = Live(ListingSignals.Branded | ListingSignals.RestrictedUnauthorized | ListingSignals.OfficialPhotosUnauthorized);
        var a = AssessSeller(Seller(verifications: IdentityPassed, listings: Enumerable.Repeat(grey, 10).ToArray()));

        Assert.Null(a.Find("corroborated_listings"));
    }

    [Theory] // many_brands on a new account: ManyBrands (4) per brand from 5 brands, up to 15; nothing on an older account
    [InlineData(3, 4, 0)]
    [InlineData(3, 5, 4)]
    [InlineData(3, 7, 12)]
    [InlineData(3, 12, 15)]
    [InlineData(45, 12, 0)]
    public void Many_brands_on_a_new_account(double ageDays, int brands, int expected)
    {
        var listings = Enumerable.Range(0, brands).Select(i => Live(ListingSignals.Branded, brandId: $"brand-{i}")).ToArray();
        var a = AssessSeller(Seller(ageDays: ageDays, verifications: IdentityPassed, listings: listings));

        Assert.Equal(expected, a.PointsOf("many_brands"));
    }

    // ---- suspect listings and reported discounts ------------------------------------------------

    [Theory] // suspect_listings: SuspectListings (20) x share of listings scoring 40 or more (or removed) x min(1, n / 4), from 2 such live listings
    [InlineData(1, 0, 0)]
    [InlineData(2, 0, 10)] // 20 x 1 x 2/4
    [InlineData(4, 1, 16)] // 20 x 4/5 x 1
    [InlineData(6, 0, 20)]
    [InlineData(2, 18, 1)] // an honest seller's two flagged listings among twenty: 20 x 2/20 x 2/4
    public void Suspect_listings(int suspect, int clean, int expected)
    {
        var listings = Enumerable.Repeat(Live(ListingSignals.Branded, score: 55, status: ListingStatus.Flagged), suspect)
            .Concat(Enumerable.Repeat(Live(ListingSignals.Branded, score: 10), clean)).ToArray();
        var a = AssessSeller(Seller(ageDays: 200, verifications: IdentityPassed, listings: listings));

        Assert.Equal(expected, a.PointsOf("suspect_listings"));
    }

    [Fact] // removed listings count in the share once two live ones are doubted, withdrawn ones are off sale, and a live listing counts by its score as the seller carries it (decayed)
    public void Suspect_listings_count_removed_ones_with_live_ones()
    {
        var listings = new[]
        {
            Live(ListingSignals.Branded, score: 80, status: ListingStatus.Removed),
            Live(ListingSignals.Branded, score: 45),
            Live(ListingSignals.Branded, score: 50, status: ListingStatus.Flagged),
            Live(ListingSignals.Branded, score: 60, ageDays: 90), // carried at 30: not suspect
            Live(ListingSignals.Branded, score: 90, status: ListingStatus.Withdrawn),
        };
        var a = AssessSeller(Seller(ageDays: 200, verifications: IdentityPassed, listings: listings));

        Assert.Equal(11, a.PointsOf("suspect_listings")); // 20 x 3/4 x 3/4 = 11.25
        Assert.Contains("3 of 4 listing(s) doubted on their own evidence: 2 live scoring 40 or more, 1 removed", a.Find("suspect_listings")!.Detail);
    }

    [Fact] // removals with fewer than two doubted live listings earn no suspect_listings: past removals alone are removed_listings'
    public void Suspect_listings_need_live_ones()
    {
        var listings = new[]
        {
            Live(ListingSignals.Branded, score: 80, status: ListingStatus.Removed),
            Live(ListingSignals.Branded, score: 80, status: ListingStatus.Removed),
            Live(ListingSignals.Branded, score: 80, status: ListingStatus.Removed),
            Live(ListingSignals.Branded, score: 45),
            Live(ListingSignals.Branded, score: 10),
        };
        var a = AssessSeller(Seller(ageDays: 200, verifications: IdentityPassed, listings: listings));

        Assert.Null(a.Find("suspect_listings"));
        Assert.Equal(60, a.PointsOf("removed_listings"));
    }

    [Fact] // reported_discounts: ReportedDiscount (8) per deep-discount listing that was reported, from 2 such listings, up to 24
    public void Reported_discounts()
    {
        var reportedDeep = Live(BrandedDeep | ListingSignals.Reported);
        var one = AssessSeller(Seller(ageDays: 200, verifications: IdentityPassed, listings: [reportedDeep, Live(BrandedDeep), Live(BrandedDeep)]));
        var two = AssessSeller(Seller(ageDays: 200, verifications: IdentityPassed, listings: [reportedDeep, reportedDeep, Live(BrandedDeep)]));
        var five = AssessSeller(Seller(ageDays: 200, verifications: IdentityPassed, listings: Enumerable.Repeat(reportedDeep, 5).ToArray()));

        Assert.Null(one.Find("reported_discounts"));
        Assert.Equal(16, two.PointsOf("reported_discounts"));
        Assert.Equal(24, five.PointsOf("reported_discounts"));
    }

    [Fact] // reports on normally priced listings (a brigade against an honest seller) earn no reported_discounts
    public void Reports_on_normal_prices_are_no_reported_discounts()
    {
        var reported = Live(ListingSignals.Branded | ListingSignals.Reported);
        var a = AssessSeller(Seller(ageDays: 400, verifications: IdentityPassed, listings: Enumerable.Repeat(reported, 10).ToArray()));

        Assert.Null(a.Find("reported_discounts"));
    }

    [Fact] // listings without signals (the grains not supplying them) change nothing: the seller scores as before
    public void Listings_without_signals_change_nothing()
    {
        var a = AssessSeller(Seller(ageDays: 3, verifications: IdentityPassed, listings: ActiveListings(12, score: 20)));

        Assert.Equal(["listing_risk", "new_account", "verified_identity"], a.Factors.Select(f => f.Code).Order().ToArray());
    }
}
