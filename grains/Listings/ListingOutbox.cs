using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// A listing's publication to the grains that follow it: after a rescore it stages, in the state
/// written next, what its seller, its brand's stats and a review case must hear; after the write
/// it sends what they have not confirmed. A change not yet confirmed stays staged and is sent
/// again, harmlessly, on the next call. Holds no listing's state: one per silo.
/// </summary>
internal sealed class ListingOutbox(GrainRefs refs)
{
    /// <summary>Stages what the rescore changed for the listing's seller, brand and review case; the case it opens, if it opens one.</summary>
    /// <param name="noticeBy">The brand's notice that flagged the listing, if a notice caused this rescore.</param>
    public static CaseOpening? Stage(ListingState s, string id, ListingRescore rescore, BrandRemovalRef? noticeBy, DateTimeOffset now)
    {
        // A brand's notice is decided by a moderator even when the seller's enforcement already
        // took the listing off sale: the brand's track record depends on it.
        CaseOpening? opened = null;
        if ((s.Status == ListingStatus.Flagged || (noticeBy is not null && rescore.Own == ListingStatus.Flagged))
            && (rescore.Previous != ListingStatus.Flagged || noticeBy is not null) && s.OpenCaseId is null)
        {
            var caseId = CaseIds.For(CaseKind.ListingReview, id, ++s.CaseCounter);
            s.OpenCaseId = caseId;
            s.CasePending = opened = new CaseOpening(CaseKind.ListingReview, id, s.SellerId!, id,
                noticeBy is not null ? $"brand_notice from {noticeBy.BrandId}" : rescore.ReviewReason ?? $"flagged: score {s.Score}",
                s.Score, now, noticeBy?.BrandId, noticeBy?.NoticeId, null);
        }

        s.Version++;

        // The seller carries the listing's status, score, brand, notices and confirmation: when none
        // of those changed and the score is 0 (nothing to decay), an honest re-upsert costs the
        // seller no write. Anything else is sent.
        var carried = new SellerListingFacts(s.Status, s.Score, s.BrandId, s.NoticeCount, s.ConfirmedBy, s.RemovedBySeller, s.Signals);
        if (carried != s.SellerSent || s.Score > 0 || s.HasPendingReporters)
        {
            s.SellerPending = true;
            s.SellerSent = carried;
        }

        if (s.BrandId is not null)
        {
            var removed = s.Status == ListingStatus.Removed;
            var delta = new BrandListingDelta(id, s.SellerId!, removed, removed && s.Removal?.By == RemovedBy.Proactive);
            if (delta != s.BrandSent)
            {
                s.BrandPending = delta;
            }
        }

        return opened;
    }

    /// <summary>Whether anything staged still waits for its grain.</summary>
    public static bool HasPending(ListingState s) => s.SellerPending || s.BrandPending is not null || s.CasePending is not null;

    /// <summary>
    /// Starts sending what the seller, brand and case have not confirmed; the caller awaits the
    /// calls (brand, case, then seller) and then <see cref="Confirm"/>s them. Not async itself, so
    /// that an event's path holds one state machine rather than two.
    /// </summary>
    public Sending Send(ListingState s, string id)
    {
        // The calls are started before any is awaited.
        var seller = s.SellerPending ? refs.Seller(s.SellerId!).ApplyListingChange(ChangeForSeller(s, id)) : null;
        var caseOpening = s.CasePending;
        // The case opens in the queue, where moderators find it; its own grain is first activated
        // when one works it. Its case.opened went with the listing's write that staged it.
        var caseCall = caseOpening is not null && s.OpenCaseId is { } caseId
            ? refs.CaseQueueOf(caseId).Open(caseId, caseOpening)
            : null;
        var brandDelta = s.BrandPending;
        var brandCall = brandDelta is not null && s.BrandId is not null
            ? refs.BrandStats(IBrandStatsGrain.KeyFor(s.BrandId, id)).Apply(brandDelta)
            : null;
        return new Sending(seller, caseCall, brandCall, caseOpening, brandDelta);
    }

    /// <summary>Once every call of <paramref name="sent"/> answered: clears what they confirmed, in memory now and in storage with the next write.</summary>
    public static void Confirm(ListingState s, in Sending sent)
    {
        // Sending again is harmless.
        s.SellerPending = false;
        s.PendingReporters = null;
        if (sent.BrandDelta is not null)
        {
            s.BrandSent = sent.BrandDelta;
            s.BrandPending = null;
        }

        if (sent.CaseOpening is not null)
        {
            s.CasePending = null;
        }
    }

    /// <summary>The calls of one send, and what they carry.</summary>
    public readonly record struct Sending(Task<ListingChangeReply>? Seller, Task? Case, Task? Brand, CaseOpening? CaseOpening, BrandListingDelta? BrandDelta);

    /// <summary>The listing as its seller carries it, with the reporters the seller has not yet heard of.</summary>
    public static ListingChange ChangeForSeller(ListingState s, string id) => new(id, s.Version, s.BrandId, s.Status, s.Score,
        s.Status == ListingStatus.Removed ? s.Removal?.By : null, s.UpdatedAt, s.PendingReporters is null ? [] : [.. s.PendingReporters],
        s.NoticeCount, s.ConfirmedBy, s.RemovedBySeller, s.SellerEpoch, s.Signals,
        s.OccurredAt is { } occurred && occurred < s.ChangedAt ? occurred : s.ChangedAt);
}
