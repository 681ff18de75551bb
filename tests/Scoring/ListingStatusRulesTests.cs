using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Tests.Scoring;

public sealed class ListingStatusRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RiskPolicy Policy = new();

    private static RiskAssessment Scored(int score) =>
        new(score, score >= 70 ? Band.Critical : score >= 40 ? Band.High : Band.Low, score > 0 ? [new Factor("counterfeit_terms", score, "")] : []);

    private static ListingStanding Standing(
        ListingStatus status = ListingStatus.Active, Removal? removal = null, bool removedBySeller = false, bool cleared = false,
        bool notice = false, CounterfeitTally counterfeit = default, Decision sellerLevel = Decision.Allow) =>
        new(status, removal, removedBySeller, Withdrawn: false, cleared, notice, counterfeit, "s-1", sellerLevel);

    [Fact(DisplayName = "Status rules: a score at the removal threshold removes the listing proactively, naming the threshold")]
    public void RemovalThresholdRemoves()
    {
        var next = ListingStatusRules.Next(Standing(), Scored(Policy.Listing.RemovalThreshold), ListingSignals.None, Policy, Now);

        Assert.Equal(ListingStatus.Removed, next.Status);
        Assert.Equal(RemovedBy.Proactive, next.Removal!.By);
        Assert.StartsWith($"score {Policy.Listing.RemovalThreshold} reached the removal threshold {Policy.Listing.RemovalThreshold}", next.Removal.Reason);
        Assert.False(next.RemovedBySeller);
    }

    [Fact(DisplayName = "Status rules: a removal for the listing's own reasons sticks when the score falls")]
    public void OwnRemovalSticks()
    {
        var removal = new Removal(RemovedBy.Brand, "notice", Now.AddDays(-1));

        var next = ListingStatusRules.Next(Standing(ListingStatus.Removed, removal), Scored(0), ListingSignals.None, Policy, Now);

        Assert.Equal(ListingStatus.Removed, next.Status);
        Assert.Same(removal, next.Removal);
    }

    [Fact(DisplayName = "Status rules: a removal by the seller's enforcement ends when the enforcement does")]
    public void EnforcementRemovalEnds()
    {
        var removal = new Removal(RemovedBy.Proactive, "seller s-1 is suspended", Now.AddDays(-1));

        var next = ListingStatusRules.Next(Standing(ListingStatus.Removed, removal, removedBySeller: true), Scored(0), ListingSignals.None, Policy, Now);

        Assert.Equal(ListingStatus.Active, next.Status);
        Assert.Null(next.Removal);
        Assert.False(next.RemovedBySeller);
    }

    [Fact(DisplayName = "Status rules: a suspended seller's live listing is taken off sale, and keeps its own status apart")]
    public void SuspensionTakesOffSale()
    {
        var next = ListingStatusRules.Next(Standing(sellerLevel: Decision.Suspend), Scored(0), ListingSignals.None, Policy, Now);

        Assert.Equal(ListingStatus.Removed, next.Status);
        Assert.True(next.RemovedBySeller);
        Assert.Equal("seller s-1 is suspended", next.Removal!.Reason);
        Assert.Equal(ListingStatus.Active, next.Own);
    }

    [Fact(DisplayName = "Status rules: a restricted seller loses its flagged listings and its deep-discount ones, not the others")]
    public void RestrictionTakesFlaggedAndDeepDiscounts()
    {
        var active = ListingStatusRules.Next(Standing(sellerLevel: Decision.Restrict), Scored(0), ListingSignals.None, Policy, Now);
        var flagged = ListingStatusRules.Next(Standing(sellerLevel: Decision.Restrict), Scored(Policy.Listing.FlagThreshold), ListingSignals.None, Policy, Now);
        var cheap = ListingStatusRules.Next(Standing(sellerLevel: Decision.Restrict), Scored(0), ListingSignals.DeepDiscount, Policy, Now);
        var old = new RiskPolicy();
        old.Listing.RestrictionRemovesDeepDiscounts = false;
        var cheapUnderOldPolicy = ListingStatusRules.Next(Standing(sellerLevel: Decision.Restrict), Scored(0), ListingSignals.DeepDiscount, old, Now);

        Assert.Equal(ListingStatus.Active, active.Status);
        Assert.Equal(ListingStatus.Removed, flagged.Status);
        Assert.Equal(ListingStatus.Flagged, flagged.Own);
        Assert.Equal(ListingStatus.Removed, cheap.Status);
        Assert.True(cheap.RemovedBySeller);
        Assert.Contains("priced deep below", cheap.Removal!.Reason, StringComparison.Ordinal);
        Assert.Equal(ListingStatus.Active, cheapUnderOldPolicy.Status);
    }

    [Fact(DisplayName = "Status rules: a moderator's clearance keeps a flag-level score active, but not past the restricted-brand gate")]
    public void ClearanceKeepsActive()
    {
        var cleared = ListingStatusRules.Next(Standing(cleared: true), Scored(Policy.Listing.FlagThreshold), ListingSignals.None, Policy, Now);
        var gated = ListingStatusRules.Next(Standing(cleared: true), Scored(Policy.Listing.FlagThreshold), ListingSignals.RestrictedUnauthorized, Policy, Now);

        Assert.Equal(ListingStatus.Active, cleared.Status);
        Assert.Equal(ListingStatus.Flagged, gated.Status);
    }

    [Fact(DisplayName = "Status rules: a brand's notice awaiting a moderator keeps a low-scored listing flagged")]
    public void PendingNoticeFlags()
    {
        var next = ListingStatusRules.Next(Standing(notice: true), Scored(0), ListingSignals.None, Policy, Now);

        Assert.Equal(ListingStatus.Flagged, next.Status);
        Assert.Null(next.ReviewReason);
    }

    [Fact(DisplayName = "Status rules: two credible counterfeit reporters flag the listing for review; one does not")]
    public void CounterfeitReportsFlag()
    {
        var two = ListingStatusRules.Next(Standing(counterfeit: new CounterfeitTally(2, 2.0)), Scored(0), ListingSignals.None, Policy, Now);
        var one = ListingStatusRules.Next(Standing(counterfeit: new CounterfeitTally(1, 5.0)), Scored(0), ListingSignals.None, Policy, Now);

        Assert.Equal(ListingStatus.Flagged, two.Status);
        Assert.Equal("counterfeit reports from 2 reporters", two.ReviewReason);
        Assert.Equal(ListingStatus.Active, one.Status);
        Assert.Null(one.ReviewReason);
    }

    [Fact(DisplayName = "Status rules: a dismissal restores a listing to active, withdrawn, or flagged behind the restricted-brand gate")]
    public void RestoredStatus()
    {
        Assert.Equal(ListingStatus.Active, ListingStatusRules.Restored(false, ListingSignals.None, Policy.Listing));
        Assert.Equal(ListingStatus.Withdrawn, ListingStatusRules.Restored(true, ListingSignals.RestrictedUnauthorized, Policy.Listing));
        Assert.Equal(ListingStatus.Flagged, ListingStatusRules.Restored(false, ListingSignals.RestrictedUnauthorized, Policy.Listing));
    }

    [Fact(DisplayName = "Status rules: a listing must hear of its seller's enforcement only when that would change it")]
    public void MustHear()
    {
        Assert.True(ListingStatusRules.MustHear(ListingStatus.Active, false, ListingSignals.None, Decision.Suspend));
        Assert.False(ListingStatusRules.MustHear(ListingStatus.Active, false, ListingSignals.None, Decision.Restrict));
        Assert.True(ListingStatusRules.MustHear(ListingStatus.Active, false, ListingSignals.DeepDiscount, Decision.Restrict));
        Assert.True(ListingStatusRules.MustHear(ListingStatus.Flagged, false, ListingSignals.None, Decision.Restrict));
        Assert.False(ListingStatusRules.MustHear(ListingStatus.Removed, false, ListingSignals.None, Decision.Suspend));
        Assert.True(ListingStatusRules.MustHear(ListingStatus.Removed, true, ListingSignals.None, Decision.Allow));
    }
}
