using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using static IpGuard.Tests.Scoring.ScoringData;

namespace IpGuard.Tests.Scoring;

/// <summary>One test per factor of <see cref="SellerModel.Assess"/> under the shipped default policy.</summary>
public sealed class SellerModelTests
{
    private static readonly Dictionary<VerificationCheck, VerificationStatus> IdentityPassed =
        Checks((VerificationCheck.Identity, VerificationOutcome.Passed));

    [Fact] // an old seller with no checks, listings or reports carries only the unverified factor
    public void Baseline_old_unverified_seller_scores_unverified_only()
    {
        var a = AssessSeller(Seller(ageDays: 400));

        Assert.Equal(10, a.Score);
        Assert.Equal("unverified", Assert.Single(a.Factors).Code);
    }

    [Theory] // new_account: VeryNewAccount (15) under 7 days, NewAccount (10) under 30 days, nothing from 30 days
    [InlineData(0, 15)]
    [InlineData(2, 15)]
    [InlineData(6.99, 15)]
    [InlineData(7, 10)]
    [InlineData(29.99, 10)]
    [InlineData(30, 0)]
    [InlineData(400, 0)]
    public void New_account_by_age(double ageDays, int expected)
    {
        var a = AssessSeller(Seller(ageDays: ageDays, verifications: IdentityPassed));

        Assert.Equal(expected, a.PointsOf("new_account"));
    }

    [Fact] // without a registration date the account's age counts from when it was first seen
    public void New_account_uses_first_seen_when_not_registered()
    {
        var facts = Seller(ageDays: 400) with { RegisteredAt = null, FirstSeenAt = DaysAgo(3) };

        Assert.Equal(15, AssessSeller(facts).PointsOf("new_account"));
    }

    [Fact] // unverified (10) when no identity check has passed, even if other checks have
    public void Unverified_without_passed_identity()
    {
        var none = AssessSeller(Seller());
        var businessOnly = AssessSeller(Seller(verifications: Checks((VerificationCheck.Business, VerificationOutcome.Passed))));
        var identityFailed = AssessSeller(Seller(verifications: Checks((VerificationCheck.Identity, VerificationOutcome.Failed))));
        var identityExpired = AssessSeller(Seller(verifications: Checks((VerificationCheck.Identity, VerificationOutcome.Expired))));

        Assert.Equal(10, none.PointsOf("unverified"));
        Assert.Equal(10, businessOnly.PointsOf("unverified"));
        Assert.Equal(10, identityFailed.PointsOf("unverified"));
        Assert.Equal(10, identityExpired.PointsOf("unverified"));
    }

    [Fact] // no unverified factor once the identity check has passed
    public void Identity_passed_is_not_unverified()
    {
        Assert.Null(AssessSeller(Seller(verifications: IdentityPassed)).Find("unverified"));
    }

    [Theory] // each passed check earns its trust credit
    [InlineData(VerificationCheck.Identity, "verified_identity", -8)]
    [InlineData(VerificationCheck.Business, "verified_business", -6)]
    [InlineData(VerificationCheck.Bank, "verified_bank", -4)]
    [InlineData(VerificationCheck.Address, "verified_address", -3)]
    [InlineData(VerificationCheck.Video, "verified_video", -6)]
    public void Verified_check_credit(VerificationCheck check, string code, int expected)
    {
        var a = AssessSeller(Seller(verifications: Checks((check, VerificationOutcome.Passed))));

        Assert.Equal(expected, a.PointsOf(code));
    }

    [Fact] // credits beyond the risk found floor at 0 with a score_floor factor that keeps the sum exact
    public void Credits_floor_at_zero()
    {
        var a = AssessSeller(Seller(verifications: Checks(
            (VerificationCheck.Identity, VerificationOutcome.Passed),
            (VerificationCheck.Business, VerificationOutcome.Passed))));

        Assert.Equal(0, a.Score);
        Assert.Equal(14, a.PointsOf("score_floor"));
        Assert.Equal(0, a.SumOfPoints());
    }

    [Theory] // verification_failed: VerificationFailed (15) per failed check, capped at 30
    [InlineData(1, 15)]
    [InlineData(2, 30)]
    [InlineData(3, 30)]
    [InlineData(5, 30)]
    public void Verification_failed_with_cap(int failedChecks, int expected)
    {
        var checks = Enum.GetValues<VerificationCheck>().Take(failedChecks)
            .Select(c => (c, VerificationOutcome.Failed)).ToArray();
        var a = AssessSeller(Seller(verifications: Checks(checks)));

        Assert.Equal(expected, a.PointsOf("verification_failed"));
        Assert.Single(a.Factors, f => f.Code == "verification_failed");
    }

    [Theory] // an expired check earns VerificationExpired (3) under its own code
    [InlineData(VerificationCheck.Identity, "verification_expired_identity")]
    [InlineData(VerificationCheck.Bank, "verification_expired_bank")]
    [InlineData(VerificationCheck.Video, "verification_expired_video")]
    public void Verification_expired(VerificationCheck check, string code)
    {
        var a = AssessSeller(Seller(verifications: Checks((check, VerificationOutcome.Expired))));

        Assert.Equal(3, a.PointsOf(code));
    }

    [Theory] // listing_risk: TopListingWeight (0.4) of the riskiest live (active or flagged) listing
    [InlineData(ListingStatus.Active, 60, 24)]
    [InlineData(ListingStatus.Flagged, 60, 24)]
    [InlineData(ListingStatus.Active, 3, 1)]
    [InlineData(ListingStatus.Withdrawn, 90, 0)]
    [InlineData(ListingStatus.Removed, 90, 0)]
    public void Listing_risk_of_the_riskiest_live_listing(ListingStatus status, int score, int expected)
    {
        var a = AssessSeller(Seller(verifications: IdentityPassed,
            listings: [new ListingRiskFact(status, score, null, Now), new ListingRiskFact(ListingStatus.Active, 0, null, Now)]));

        Assert.Equal(expected, a.PointsOf("listing_risk"));
    }

    [Fact] // listing_risk takes only the top listing, and a listing's score halves after ListingHalfLifeDays (90)
    public void Listing_risk_takes_top_listing_and_decays()
    {
        var top = AssessSeller(Seller(listings: [
            new ListingRiskFact(ListingStatus.Active, 60, null, Now),
            new ListingRiskFact(ListingStatus.Active, 30, null, Now)]));
        var decayed = AssessSeller(Seller(listings: [new ListingRiskFact(ListingStatus.Active, 60, null, DaysAgo(90))]));

        Assert.Equal(24, top.PointsOf("listing_risk"));
        Assert.Equal(12, decayed.PointsOf("listing_risk"));
    }

    [Theory] // risky_listings: RiskyListing (4) per live listing scoring 50+ beyond the first, capped at 20
    [InlineData(1, 0)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(6, 20)]
    [InlineData(10, 20)]
    public void Risky_listings_with_cap(int risky, int expected)
    {
        var a = AssessSeller(Seller(listings: ActiveListings(risky, score: 50, ageDays: 0)));

        Assert.Equal(expected, a.PointsOf("risky_listings"));
    }

    [Fact] // listings scoring under RiskyListingScore (50) are not risky
    public void Listings_below_risky_score_are_not_risky()
    {
        var a = AssessSeller(Seller(listings: ActiveListings(5, score: 49, ageDays: 0)));

        Assert.Null(a.Find("risky_listings"));
    }

    [Theory] // removed_listings: RemovedListing (20) per removed listing, capped at 60
    [InlineData(1, 20)]
    [InlineData(2, 40)]
    [InlineData(3, 60)]
    [InlineData(5, 60)]
    public void Removed_listings_with_cap(int removed, int expected)
    {
        var listings = Enumerable.Range(0, removed)
            .Select(_ => new ListingRiskFact(ListingStatus.Removed, 80, RemovedBy.Proactive, Now)).ToArray();
        var a = AssessSeller(Seller(listings: listings));

        Assert.Equal(expected, a.PointsOf("removed_listings"));
    }

    [Fact] // a removal halves after RemovalHalfLifeDays (180)
    public void Removed_listing_decays()
    {
        var a = AssessSeller(Seller(listings: [new ListingRiskFact(ListingStatus.Removed, 80, RemovedBy.Brand, DaysAgo(180))]));

        Assert.Equal(10, a.PointsOf("removed_listings"));
    }

    [Theory] // confirmed_infringements: ConfirmedInfringement (25) each, capped at 75
    [InlineData(1, 25)]
    [InlineData(2, 50)]
    [InlineData(3, 75)]
    [InlineData(4, 75)]
    public void Confirmed_infringements_with_cap(int count, int expected)
    {
        var a = AssessSeller(Seller(confirmed: Enumerable.Repeat(Now, count).ToArray()));

        Assert.Equal(expected, a.PointsOf("confirmed_infringements"));
    }

    [Fact] // a confirmed infringement halves after ConfirmedHalfLifeDays (365)
    public void Confirmed_infringement_decays()
    {
        var a = AssessSeller(Seller(confirmed: [DaysAgo(365)]));

        Assert.Equal(13, a.PointsOf("confirmed_infringements")); // 12.5 rounded away from zero
    }

    [Theory] // reports: BuyerReport (5) or SystemReport (8) per distinct reporter, capped at 25
    [InlineData(ReporterKind.Buyer, 1, 5)]
    [InlineData(ReporterKind.Buyer, 3, 15)]
    [InlineData(ReporterKind.Buyer, 6, 25)]
    [InlineData(ReporterKind.System, 1, 8)]
    [InlineData(ReporterKind.System, 4, 25)]
    public void Reports_with_cap(ReporterKind kind, int count, int expected)
    {
        var a = AssessSeller(Seller(reports: Reports(count, kind)));

        Assert.Equal(expected, a.PointsOf("reports"));
    }

    [Fact] // a seller report halves after ReportHalfLifeDays (30)
    public void Reports_decay()
    {
        var a = AssessSeller(Seller(reports: Reports(1, ReporterKind.Buyer, ageDays: 30)));

        Assert.Equal(3, a.PointsOf("reports")); // 2.5 rounded away from zero
    }

    [Theory] // established_seller (-10) from 365 days with 20+ live listings
    [InlineData(365, 20, -10)]
    [InlineData(730, 30, -10)]
    [InlineData(364, 30, 0)]
    [InlineData(730, 19, 0)]
    public void Established_seller_credit(double ageDays, int activeListings, int expected)
    {
        var a = AssessSeller(Seller(ageDays: ageDays, listings: ActiveListings(activeListings)));

        Assert.Equal(expected, a.PointsOf("established_seller"));
    }

    [Fact] // withdrawn and removed listings do not count towards an established seller's live listings
    public void Established_seller_counts_only_live_listings()
    {
        var listings = ActiveListings(19)
            .Append(new ListingRiskFact(ListingStatus.Withdrawn, 0, null, Now))
            .Append(new ListingRiskFact(ListingStatus.Removed, 70, RemovedBy.Moderator, DaysAgo(2000)))
            .ToArray();

        Assert.Null(AssessSeller(Seller(ageDays: 730, listings: listings)).Find("established_seller"));
    }

    public static TheoryData<string> EnforcementKinds => new() { "removed_listing", "confirmed_infringement" };

    [Theory] // after enforcement (a removed listing or a confirmed infringement) only CreditKeptAfterEnforcement (0.5) of each credit is kept
    [MemberData(nameof(EnforcementKinds))]
    public void Credits_shrink_after_enforcement(string enforcement)
    {
        var all = Checks(
            (VerificationCheck.Identity, VerificationOutcome.Passed),
            (VerificationCheck.Business, VerificationOutcome.Passed),
            (VerificationCheck.Bank, VerificationOutcome.Passed),
            (VerificationCheck.Address, VerificationOutcome.Passed),
            (VerificationCheck.Video, VerificationOutcome.Passed));
        var clean = Seller(ageDays: 730, verifications: all, listings: ActiveListings(20));
        var enforced = enforcement == "removed_listing"
            ? clean with { Listings = [.. clean.Listings, new ListingRiskFact(ListingStatus.Removed, 80, RemovedBy.Proactive, DaysAgo(3000))] }
            : clean with { ConfirmedInfringements = [DaysAgo(20000)] };

        var before = AssessSeller(clean);
        var after = AssessSeller(enforced);

        (string Code, int Full, int Kept)[] expected =
        [
            ("verified_identity", -8, -4),
            ("verified_business", -6, -3),
            ("verified_bank", -4, -2),
            ("verified_address", -3, -2), // -1.5 rounded away from zero
            ("verified_video", -6, -3),
            ("established_seller", -10, -5),
        ];
        foreach (var (code, full, kept) in expected)
        {
            Assert.Equal(full, before.PointsOf(code));
            Assert.Equal(kept, after.PointsOf(code));
        }
    }

    [Fact] // enforcement does not shrink risk factors, only credits
    public void Enforcement_keeps_risk_factors_whole()
    {
        var a = AssessSeller(Seller(ageDays: 2, reports: Reports(1), confirmed: [Now]));

        Assert.Equal(15, a.PointsOf("new_account"));
        Assert.Equal(10, a.PointsOf("unverified"));
        Assert.Equal(5, a.PointsOf("reports"));
        Assert.Equal(25, a.PointsOf("confirmed_infringements"));
        Assert.Equal(55, a.Score);
    }
}
