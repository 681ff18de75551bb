using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// A seller's review cases and appeals as its state records them: which case opens, what may be
/// appealed, and what a decided case changes. Works on the state alone; the grain opens the case
/// grains after its write (the state's outbox).
/// </summary>
internal static class SellerCases
{
    /// <summary>Stages a seller_review case, opened by the grain after the write.</summary>
    public static void OpenReview(SellerState s, string id, DateTimeOffset now, string reason)
    {
        var caseId = CaseIds.For(CaseKind.SellerReview, id, ++s.CaseCounter);
        s.OpenReviewCaseId = caseId;
        s.CasePendingId = caseId;
        s.CasePending = new CaseOpening(CaseKind.SellerReview, id, id, null, reason, s.Score, now, null, null, null);
    }

    /// <summary>Why the appeal cannot be heard (a 404 or 409), or null when it can.</summary>
    public static Ack<CaseView>? Refusal(SellerState s, string id, SellerBook book, AppealCommand appeal, DateTimeOffset now)
    {
        if (!s.Exists)
        {
            return Ack<CaseView>.NotFound($"seller '{id}' was never seen");
        }

        if (appeal.ListingId is { } listingId)
        {
            if (!book.Listings.TryGet(listingId, out var listing))
            {
                return Ack<CaseView>.NotFound($"listing '{listingId}' is not one of seller '{id}''s listings");
            }

            if (listing.Status != ListingStatus.Removed)
            {
                return Ack<CaseView>.Conflict($"listing '{listingId}' is not removed; there is nothing to appeal");
            }
        }
        else if (SellerTimeline.Effective(s, now) < Decision.Restrict)
        {
            return Ack<CaseView>.Conflict($"seller '{id}' is neither restricted nor suspended; there is nothing to appeal");
        }

        return null;
    }

    /// <summary>The subject an appeal is against: the listing it names, else the seller.</summary>
    public static string SubjectOf(string id, AppealCommand appeal) => appeal.ListingId ?? id;

    /// <summary>Records a new appeal case against its subject; the case id and its opening.</summary>
    public static (string CaseId, CaseOpening Opening) OpenAppeal(SellerState s, string id, AppealCommand appeal, DateTimeOffset now, RiskPolicy policy)
    {
        var subject = SubjectOf(id, appeal);
        var caseId = CaseIds.For(CaseKind.Appeal, subject, ++s.CaseCounter);
        s.OpenAppeals[subject] = caseId;
        SellerTimeline.Record(s, now, "appeal_opened", null, null,
            $"appeal {caseId} against {(appeal.ListingId is null ? "the seller's " + Names.Of(SellerTimeline.Effective(s, now)) : "removal of listing " + appeal.ListingId)}", "seller", policy);
        return (caseId, new CaseOpening(CaseKind.Appeal, subject, id, appeal.ListingId, "appeal", s.Score, now, null, null, appeal.Statement));
    }

    /// <summary>Whether this case's decision was already applied (the case grain retries its effects until confirmed).</summary>
    public static bool IsDecided(SellerState s, string caseId) =>
        s.Events.IsMarked(OnceKeys.CaseDecided(caseId)) || DecidedBeforeTypedRecord(s, caseId);

    /// <summary>
    /// Applies a decided case: it is no longer open, a granted appeal of the seller's own
    /// restriction reinstates it under monitoring, and the timeline records it; the decision in force before.
    /// </summary>
    public static Decision Decide(SellerState s, string caseId, CaseKind kind, CaseOutcome outcome, string moderator, string note, DateTimeOffset now, RiskPolicy policy)
    {
        if (s.OpenReviewCaseId == caseId)
        {
            s.OpenReviewCaseId = null;
        }

        foreach (var (subject, open) in s.OpenAppeals.Where(a => a.Value == caseId).ToList())
        {
            s.OpenAppeals.Remove(subject);
        }

        var before = SellerTimeline.Effective(s, now);
        var what = kind == CaseKind.Appeal
            ? (outcome == CaseOutcome.Dismissed ? "appeal granted" : "appeal rejected")
            : $"{Names.Of(kind)} {Names.Of(outcome)}";
        if (kind == CaseKind.Appeal && outcome == CaseOutcome.Dismissed && before >= Decision.Restrict)
        {
            // A granted appeal of the seller's own restriction reinstates it under monitoring.
            s.Override = new OverrideView(Decision.Monitor, $"appeal granted ({caseId})", now.AddDays(policy.Enforcement.AppealReinstateDays), moderator, now);
        }

        SellerTimeline.Record(s, now, $"case_{Names.Of(outcome)}", before, SellerTimeline.Effective(s, now), $"{what} ({caseId}): {note}", moderator, policy);
        s.Events.Mark(OnceKeys.CaseDecided(caseId));
        return before;
    }

    /// <summary>A case decided by a build that recorded decisions in the timeline only: its entry names the case.</summary>
    // REVIEW: only for states written before case decisions were marked in the event window;
    // remove once every stored seller has been rewritten since.
    private static bool DecidedBeforeTypedRecord(SellerState s, string caseId) =>
        s.Timeline.Exists(t => t.Kind.StartsWith("case_", StringComparison.Ordinal) && t.Reason.Contains($"({caseId})", StringComparison.Ordinal));
}
