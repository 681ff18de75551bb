using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>How a rescore moved the seller: whether its risk is announced, and the decision in force before (null for a new seller).</summary>
internal readonly record struct SellerRiskMove(bool Announce, Decision? Previous);

/// <summary>
/// Rescores a seller's state in place: runs the pure seller model under the active version (and,
/// while one runs, the shadow version), moves the decision with hysteresis, records the move in the
/// timeline, stages a review case when the decision reaches review or reports pile up, and moves
/// the enforcement level its listings follow. It calls no grain and holds no seller's state: one per silo.
/// </summary>
internal sealed class SellerScorer(PolicyProvider policies, ShadowTally shadowTally)
{
    public SellerRiskMove Rescore(SellerState s, string id, SellerBook book, DateTimeOffset now, string cause, string actor)
    {
        var policy = policies.Current.Policy;
        var facts = SellerViews.Facts(s, book);
        var assessment = SellerModel.Assess(facts, policy, now);
        var effectiveBefore = SellerTimeline.Effective(s, now);
        var scoreBefore = s.Score;
        var first = s.UpdatedAt == default;
        var previous = s.Decision;
        var next = Decisions.Next(assessment.Score, previous, policy.Decisions);

        s.Score = assessment.Score;
        s.Band = assessment.Band;
        s.Factors = [.. assessment.Factors];
        s.PolicyVersion = policy.Version;
        s.UpdatedAt = now;

        SellerTimeline.ExpireOverride(s, next, now, policy);
        if (next != previous)
        {
            s.Decision = next;
            s.DecisionSince = now;
            var top = string.Join(", ", assessment.Factors.Where(f => f.Points > 0).Take(3).Select(f => $"{f.Code} {f.Points}"));
            SellerTimeline.Record(s, now, "decision", previous, next, $"{cause}: score {assessment.Score} ({top})", actor, policy);
        }

        if (s.OpenReviewCaseId is null && s.CasePending is null)
        {
            var effective = SellerTimeline.Effective(s, now);
            if (effective >= Decision.Review && effectiveBefore < Decision.Review)
            {
                SellerCases.OpenReview(s, id, now, $"decision reached {Names.Of(effective)}");
            }
            else if (!s.MassReportCaseOpened && book.Reporters.Count >= policy.Enforcement.MassReportThreshold)
            {
                s.MassReportCaseOpened = true;
                SellerCases.OpenReview(s, id, now, $"mass_reports: {book.Reporters.Count} distinct reporters");
            }
        }

        SellerTimeline.AfterDecisionChange(s, now, policy);
        if (policies.Shadow is { } shadow)
        {
            ScoreShadow(s, id, facts, shadow.Policy, now);
        }

        return new SellerRiskMove(first || scoreBefore != s.Score || effectiveBefore != SellerTimeline.Effective(s, now), first ? null : effectiveBefore);
    }

    /// <summary>
    /// Scores the seller under the shadow version as well: kept in the state for moderators'
    /// views and counted in the version's report, it touches no decision, answer, timeline or feed.
    /// The decision starts from allow under a new shadow version (thresholds alone), then follows
    /// its own hysteresis.
    /// </summary>
    private void ScoreShadow(SellerState s, string id, SellerFacts facts, RiskPolicy shadow, DateTimeOffset now)
    {
        var assessment = SellerModel.Assess(facts, shadow, now);
        var same = s.Shadow?.PolicyVersion == shadow.Version;
        var decision = Decisions.Next(assessment.Score, same ? s.Shadow!.Decision : Decision.Allow, shadow.Decisions);
        var pair = ShadowPairs.Of(s.Decision, decision);
        if (!same || pair != s.ShadowPair)
        {
            shadowTally.Record(shadow.Version, seller: true, same ? s.ShadowPair : null, pair,
                new ShadowExample("seller", id, Names.Of(s.Decision), Names.Of(decision), s.Score, assessment.Score, now));
        }

        s.Shadow = new SellerShadowView(shadow.Version, assessment.Score, decision);
        s.ShadowPair = pair;
    }
}
