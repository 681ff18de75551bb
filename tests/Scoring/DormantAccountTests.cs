using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using static IpGuard.Tests.Scoring.ScoringData;

namespace IpGuard.Tests.Scoring;

/// <summary>
/// <c>dormant_account_burst</c>: an old account that comes back after a long silence listing many
/// branded items deep below their brand's price, or many brands at once, under the shipped policy.
/// </summary>
public sealed class DormantAccountTests
{
    private static readonly Dictionary<VerificationCheck, VerificationStatus> IdentityAndBank =
        Checks((VerificationCheck.Identity, VerificationOutcome.Passed), (VerificationCheck.Bank, VerificationOutcome.Passed));

    private const ListingSignals BrandedDeep = ListingSignals.Branded | ListingSignals.DeepDiscount;

    /// <summary>An 800-day-old account, silent from 400 days ago until <paramref name="returnedDaysAgo"/>, with these listings.</summary>
    private static SellerFacts Returned(IReadOnlyCollection<ListingRiskFact> listings, double returnedDaysAgo = 2, double idleDays = 400) =>
        Seller(ageDays: 800, verifications: IdentityAndBank, listings: listings) with
        {
            DormantSince = DaysAgo(returnedDaysAgo + idleDays),
            ReturnedAt = DaysAgo(returnedDaysAgo),
        };

    private static ListingRiskFact Listed(ListingSignals signals, string brandId, double daysAgo = 1, ListingStatus status = ListingStatus.Active) =>
        new(status, 0, null, DaysAgo(daysAgo), signals, brandId);

    private static ListingRiskFact[] Burst(int count, int brands, ListingSignals signals = BrandedDeep) =>
        Enumerable.Range(0, count).Select(i => Listed(signals, $"brand-{i % brands}")).ToArray();

    [Fact] // a dormant account back with eight deep-discount listings across four brands earns the whole DormantAccountBurst (35), and says why
    public void Deep_discount_burst_after_dormancy_earns_the_factor()
    {
        var a = AssessSeller(Returned(Burst(8, 4)));

        Assert.Equal(35, a.PointsOf("dormant_account_burst"));
        Assert.Contains("on an account back from dormancy", a.Find("deep_discount_pattern")!.Detail);
        Assert.Equal(60, a.PointsOf("deep_discount_pattern")); // 48, multiplied as on a new account (1.25)
        Assert.Contains("no listing activity for 400 days", a.Find("dormant_account_burst")!.Detail);
        Assert.Contains("8 of 8 branded listing(s) deep below their brand's price, across 4 brand(s)", a.Find("dormant_account_burst")!.Detail);
        Assert.Equal(a.Score, Math.Clamp(a.SumOfPoints(), 0, 100));
    }

    [Fact] // many brands at once after dormancy count without any discount: from ManyBrandsMin (5), in full at 9; with deep discounts they add up
    public void Many_brands_after_dormancy_earn_the_factor()
    {
        Assert.Equal(0, AssessSeller(Returned(Burst(8, 4, ListingSignals.Branded))).PointsOf("dormant_account_burst"));
        Assert.Equal(7, AssessSeller(Returned(Burst(10, 5, ListingSignals.Branded))).PointsOf("dormant_account_burst"));
        Assert.Equal(35, AssessSeller(Returned(Burst(12, 9, ListingSignals.Branded))).PointsOf("dormant_account_burst"));
        var mixed = Burst(3, 5).Concat(Burst(7, 6, ListingSignals.Branded)).ToArray(); // 3 deep of 10 (0.3 * 0.75 ramp), 6 brands (0.4)
        Assert.Equal(22, AssessSeller(Returned(mixed)).PointsOf("dormant_account_burst")); // 35 * (0.225 + 0.4) = 21.9
    }

    [Fact] // an honest dormant seller back with normally priced goods of one brand earns nothing and is not enforced
    public void Honest_return_with_normal_prices_is_not_enforced()
    {
        var a = AssessSeller(Returned(Burst(10, 1, ListingSignals.Branded)));

        Assert.Null(a.Find("dormant_account_burst"));
        Assert.Equal(Decision.Allow, Decisions.For(a.Score, Policy.Decisions));
    }

    [Fact] // an honest dormant seller clearing one brand's old stock, half of it deep below the price, stays below restrict
    public void Honest_return_with_a_clearance_of_one_brand_is_not_enforced()
    {
        var listings = Burst(5, 1).Concat(Burst(5, 1, ListingSignals.Branded)).ToArray();
        var a = AssessSeller(Returned(listings));

        Assert.Equal(9, a.PointsOf("dormant_account_burst")); // 35 * 5/10 (share) * 1 (ramp, full from 4) * 0.5 (one brand) = 8.75
        Assert.True(Decisions.For(a.Score, Policy.Decisions) < Decision.Restrict, Describe(a));
    }

    [Fact] // what the account listed before its silence, and what it withdrew, is not part of the burst
    public void Only_listings_since_the_return_count()
    {
        var before = Enumerable.Range(0, 8).Select(i => Listed(BrandedDeep, $"old-{i}", daysAgo: 500)).ToArray();
        var withdrawn = Enumerable.Range(0, 8).Select(i => Listed(BrandedDeep, $"gone-{i}", status: ListingStatus.Withdrawn)).ToArray();

        Assert.Null(AssessSeller(Returned([.. before, .. withdrawn])).Find("dormant_account_burst"));
    }

    [Theory] // no factor for a gap shorter than DormantAccountDays (90), a return DormantReturnDays (30) or more ago, a new account, or no dormancy known
    [InlineData(60, 2, 800)]
    [InlineData(400, 31, 800)]
    [InlineData(400, 2, 10)]
    public void No_factor_without_a_recent_return_from_dormancy(double idleDays, double returnedDaysAgo, double ageDays)
    {
        var facts = Returned(Burst(8, 4), returnedDaysAgo, idleDays) with { RegisteredAt = DaysAgo(ageDays), FirstSeenAt = DaysAgo(ageDays) };

        Assert.Null(AssessSeller(facts).Find("dormant_account_burst"));
        Assert.Null(AssessSeller(facts with { DormantSince = null, ReturnedAt = null }).Find("dormant_account_burst"));
    }
}
