using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>What a listing holds, besides its assessment, that decides its status.</summary>
/// <param name="Status">The status held before this rescore.</param>
/// <param name="Removal">Why it was removed, while it is.</param>
/// <param name="RemovedBySeller">Removed by its seller's enforcement rather than for its own reasons.</param>
/// <param name="NoticeAwaitingModerator">A brand's notice no moderator has decided yet.</param>
/// <param name="Counterfeit">The listing's reports that call it counterfeit.</param>
/// <param name="SellerLevel">The enforcement level its seller last told it (allow, restrict or suspend).</param>
internal readonly record struct ListingStanding(
    ListingStatus Status,
    Removal? Removal,
    bool RemovedBySeller,
    bool Withdrawn,
    bool ModeratorCleared,
    bool NoticeAwaitingModerator,
    CounterfeitTally Counterfeit,
    string SellerId,
    Decision SellerLevel);

/// <summary>Distinct reporters that called a listing counterfeit, and their credibility added up.</summary>
internal readonly record struct CounterfeitTally(int Reporters, double Weight);

/// <summary>A listing's status after a rescore.</summary>
/// <param name="Own">The status for the listing's own reasons, before its seller's enforcement applies.</param>
/// <param name="ReviewReason">Why counterfeit reports put the listing before a moderator; null otherwise.</param>
internal readonly record struct ListingStatusOutcome(ListingStatus Status, Removal? Removal, bool RemovedBySeller, ListingStatus Own, string? ReviewReason);

/// <summary>
/// The rules that turn a listing's assessment into its status, beside the score: what the model
/// computes, what sticks (a removal for the listing's own reasons), what a moderator's clearance
/// and a pending notice or counterfeit reports change, and what the seller's enforcement takes
/// off sale. Pure: no Orleans types, the clock passed in.
/// </summary>
internal static class ListingStatusRules
{
    /// <summary>The listing's status under a new assessment.</summary>
    public static ListingStatusOutcome Next(in ListingStanding standing, RiskAssessment assessment, ListingSignals signals, RiskPolicy policy, DateTimeOffset now)
    {
        // A removal for the listing's own reasons is sticky; one by the seller's enforcement is
        // worked out again, so that it ends when the enforcement does.
        if (standing.Status == ListingStatus.Removed && !standing.RemovedBySeller)
        {
            return new(standing.Status, standing.Removal, false, standing.Status, null);
        }

        var computed = ListingModel.StatusFor(assessment, standing.Withdrawn, policy.Listing);
        var gated = (signals & ListingSignals.RestrictedUnauthorized) != 0;
        string? reviewReason = null;
        ListingStatus status;
        if (computed == ListingStatus.Removed)
        {
            var top = string.Join(", ", assessment.Factors.Where(f => f.Points > 0).Take(3).Select(f => f.Code));
            return new(ListingStatus.Removed,
                new Removal(RemovedBy.Proactive, $"score {assessment.Score} reached the removal threshold {policy.Listing.RemovalThreshold} ({top})", now),
                false, standing.Status, null);
        }
        else if (standing.ModeratorCleared && computed == ListingStatus.Flagged && !gated)
        {
            status = ListingStatus.Active;
        }
        else if (!standing.ModeratorCleared && computed == ListingStatus.Active && standing.NoticeAwaitingModerator)
        {
            // A notice awaiting a moderator keeps the listing flagged.
            status = ListingStatus.Flagged;
        }
        else if (!standing.ModeratorCleared && computed == ListingStatus.Active && CounterfeitReview(standing.Counterfeit, policy.Enforcement) is { } reported)
        {
            // Several credible reporters saying "fake" put the listing before a moderator.
            status = ListingStatus.Flagged;
            reviewReason = reported;
        }
        else
        {
            status = computed;
        }

        return FollowSellerEnforcement(status, standing.SellerId, standing.SellerLevel, assessment.Score, signals, policy.Listing, now) is { } removal
            ? new(ListingStatus.Removed, removal, true, status, reviewReason)
            : new(status, null, false, status, reviewReason);
    }

    /// <summary>
    /// Why the listing's counterfeit reports call for a review: distinct reporters whose
    /// credibility adds up to the policy's weight (two new buyers, or one trusted one); else null.
    /// </summary>
    public static string? CounterfeitReview(CounterfeitTally tally, EnforcementPolicy policy) =>
        tally.Reporters >= 2 && tally.Weight >= policy.ListingReviewReportWeight
            ? $"counterfeit reports from {tally.Reporters} reporters"
            : null;

    /// <summary>
    /// The removal of a listing its seller's enforcement takes off sale (a suspended seller's live
    /// listings all, a restricted seller's flagged ones and those priced deep below their brand's
    /// price); null when the listing stays as it is.
    /// </summary>
    public static Removal? FollowSellerEnforcement(ListingStatus status, string sellerId, Decision sellerLevel, int score, ListingSignals signals, ListingPolicy policy, DateTimeOffset now)
    {
        var reason = sellerLevel switch
        {
            Decision.Suspend when status is ListingStatus.Active or ListingStatus.Flagged => $"seller {sellerId} is suspended",
            Decision.Restrict when status == ListingStatus.Flagged => $"seller {sellerId} is restricted and the listing is flagged (score {score})",
            Decision.Restrict when status == ListingStatus.Active && ListingModel.FollowsRestriction(signals, policy) is { } why => $"seller {sellerId} is restricted and {why}",
            _ => null,
        };
        return reason is null ? null : new Removal(RemovedBy.Proactive, reason, now);
    }

    /// <summary>Whether a listing, as its seller carries it, would change under this enforcement level.</summary>
    public static bool MustHear(ListingStatus status, bool removedBySeller, ListingSignals signals, Decision level) =>
        removedBySeller
        || (level == Decision.Suspend && status is ListingStatus.Active or ListingStatus.Flagged)
        || (level == Decision.Restrict && (status == ListingStatus.Flagged
            || (status == ListingStatus.Active && ListingModel.MayFollowRestriction(signals))));

    /// <summary>
    /// The status a moderator's dismissal (or a granted appeal) gives back to a flagged or removed
    /// listing. A dismissal cannot lift the restricted-brand gate (only the brand's authorization
    /// does): the listing stays flagged, and its dismissed review is not opened again.
    /// </summary>
    public static ListingStatus Restored(bool withdrawn, ListingSignals signals, ListingPolicy policy) =>
        withdrawn ? ListingStatus.Withdrawn
        : (signals & ListingSignals.RestrictedUnauthorized) != 0 && policy.GateRestrictedUnauthorized ? ListingStatus.Flagged
        : ListingStatus.Active;

    /// <summary>
    /// The status the shadow version would give: what the policy does not decide carries over as
    /// it is (a removal by a brand, a moderator or the seller's enforcement, and a flag for notices
    /// or reports awaiting a moderator).
    /// </summary>
    /// <param name="computed">The shadow version's computed status.</param>
    /// <param name="activeComputed">The active version's computed status.</param>
    /// <param name="shadowRemoved">The shadow version already removed the listing.</param>
    public static ListingStatus Shadow(ListingStatus status, Removal? removal, bool removedBySeller, bool moderatorCleared,
        ListingStatus computed, ListingStatus activeComputed, bool shadowRemoved, ListingSignals shadowSignals) =>
        status == ListingStatus.Removed && (removal?.By != RemovedBy.Proactive || removedBySeller) ? ListingStatus.Removed
        : computed == ListingStatus.Removed || shadowRemoved ? ListingStatus.Removed
        : status == ListingStatus.Flagged && activeComputed != ListingStatus.Flagged ? ListingStatus.Flagged
        : moderatorCleared && computed == ListingStatus.Flagged && (shadowSignals & ListingSignals.RestrictedUnauthorized) == 0 ? ListingStatus.Active
        : computed;
}
