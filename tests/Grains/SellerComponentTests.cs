using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Grains.Scoring;

namespace IpGuard.Tests.Grains;

public sealed class SellerComponentTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RiskPolicy Policy = new();

    private static SellerState Seller(Decision decision = Decision.Allow)
    {
        var s = new SellerState();
        SellerIntake.EnsureExists(s, Now.AddDays(-10));
        s.Decision = decision;
        return s;
    }

    [Fact(DisplayName = "Seller timeline: an override is in force until it expires, then the computed decision is")]
    public void OverrideInForceUntilExpiry()
    {
        var s = Seller(Decision.Allow);

        var before = SellerTimeline.SetOverride(s, Decision.Suspend, "fraud ring", Now.AddDays(1), "mod-1", Now, Policy);

        Assert.Equal(Decision.Allow, before);
        Assert.Equal(Decision.Suspend, SellerTimeline.Effective(s, Now));
        Assert.Equal(Decision.Allow, SellerTimeline.Effective(s, Now.AddDays(1)));
        Assert.Equal(TimeSpan.FromDays(1), SellerTimeline.UntilOverrideExpires(s, Now));
        Assert.Equal("override_set", s.Timeline[^1].Kind);
    }

    [Fact(DisplayName = "Seller timeline: an expired override is dropped at the next rescore and the timeline says so")]
    public void ExpiredOverrideDropped()
    {
        var s = Seller();
        SellerTimeline.SetOverride(s, Decision.Restrict, "check", Now.AddHours(1), "mod-1", Now, Policy);

        SellerTimeline.ExpireOverride(s, Decision.Allow, Now.AddHours(2), Policy);

        Assert.Null(s.Override);
        Assert.Equal("override_expired", s.Timeline[^1].Kind);
        Assert.Null(SellerTimeline.ClearOverride(s, "mod-1", Now.AddHours(2), Policy));
    }

    [Fact(DisplayName = "Seller timeline: entering suspension moves the listings' enforcement level and its epoch once")]
    public void EnforcementLevelMovesOnce()
    {
        var s = Seller(Decision.Suspend);

        SellerTimeline.AfterDecisionChange(s, Now, Policy);
        SellerTimeline.AfterDecisionChange(s, Now, Policy);

        Assert.Equal(Decision.Suspend, s.EnforcedLevel);
        Assert.Equal(1, s.EnforcementEpoch);
        Assert.True(s.EnforcementPending);
        Assert.Single(s.Timeline, t => t.Kind == "listing_enforcement");
    }

    [Fact(DisplayName = "Seller cases: a decided case applies once, and a case whose id holds another's is still its own")]
    public void CaseDecidedOnce()
    {
        var s = Seller();
        s.OpenReviewCaseId = "case-1";

        SellerCases.Decide(s, "case-1", CaseKind.SellerReview, CaseOutcome.Dismissed, "mod-1", "ok", Now, Policy);

        Assert.Null(s.OpenReviewCaseId);
        Assert.True(SellerCases.IsDecided(s, "case-1"));
        Assert.False(SellerCases.IsDecided(s, "case-10"));
        Assert.False(SellerCases.IsDecided(s, "case-"));
    }

    [Fact(DisplayName = "Seller cases: a case decided by a build before the typed record is still recognised from the timeline")]
    public void CaseDecidedBeforeTypedRecord()
    {
        var s = Seller();
        s.Timeline.Add(new TimelineEntry(Now, "case_dismissed", Decision.Allow, Decision.Allow, 0, "seller_review dismissed (case-7): ok", "mod-1", "v1"));

        Assert.True(SellerCases.IsDecided(s, "case-7"));
        Assert.False(SellerCases.IsDecided(s, "case-8"));
    }

    [Fact(DisplayName = "Seller cases: a granted appeal of a restriction reinstates the seller under monitoring for the policy's days")]
    public void GrantedAppealReinstates()
    {
        var s = Seller(Decision.Restrict);
        s.OpenAppeals["s-1"] = "appeal-1";

        var before = SellerCases.Decide(s, "appeal-1", CaseKind.Appeal, CaseOutcome.Dismissed, "mod-1", "ok", Now, Policy);

        Assert.Equal(Decision.Restrict, before);
        Assert.Equal(Decision.Monitor, SellerTimeline.Effective(s, Now));
        Assert.Equal(Now.AddDays(Policy.Enforcement.AppealReinstateDays), s.Override!.ExpiresAt);
        Assert.Empty(s.OpenAppeals);
        Assert.Equal("appeal granted (appeal-1): ok", s.Timeline[^1].Reason);
    }
}
