using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>What the listing entry lends the calls made beside its intake: rescoring, writing and telling.</summary>
internal interface IListingWrites
{
    /// <summary>Rescores the listing and stages what its seller, brand and review case must hear.</summary>
    /// <param name="noticeBy">The brand's notice that flagged the listing, if a notice caused this rescore.</param>
    Task ReassessAsync(ActivePolicy active, DateTimeOffset now, BrandRemovalRef? noticeBy = null);

    /// <summary>Writes the state.</summary>
    Task PersistAsync();

    /// <summary>Sends what the seller, brand and case have not confirmed; the seller's summary when it was told.</summary>
    Task<SellerSummary?> FlushOutboxAsync();
}

/// <summary>
/// The calls that reach a listing from brands, moderators and authenticity scans rather than from
/// its seller's stream: a notice or takedown, a decided review, a reinstatement, a failed scan.
/// Each changes the state (<see cref="ListingChanges"/>), rescores and writes through the entry
/// (<see cref="IListingWrites"/>), then tells the seller, brand and case. One per listing entry,
/// made when first needed.
/// </summary>
internal sealed class ListingModeration(IListingWrites writes, ListingState s, PolicyProvider policies, RiskClock clock)
{
    public async Task<NoticeOutcome> ApplyNotice(string brandId, string noticeId, bool remove, bool takedown, string reason)
    {
        if (!s.Exists)
        {
            return NoticeOutcome.NotFound;
        }

        if (!string.Equals(s.BrandId, brandId, StringComparison.Ordinal))
        {
            return NoticeOutcome.OtherBrand;
        }

        if (ListingChanges.HasNotice(s, brandId, noticeId))
        {
            await writes.FlushOutboxAsync();
            return s.Status == ListingStatus.Removed && s.RemovedByNotice?.NoticeId == noticeId ? NoticeOutcome.Removed : NoticeOutcome.Flagged;
        }

        var now = clock.UtcNow;
        var removed = ListingChanges.ApplyNotice(s, brandId, noticeId, remove, takedown, reason, now);
        await writes.ReassessAsync(policies.Current, now, noticeBy: remove ? null : new BrandRemovalRef(brandId, noticeId));
        await writes.PersistAsync();

        await writes.FlushOutboxAsync();
        return removed || s.Status == ListingStatus.Removed ? NoticeOutcome.Removed : NoticeOutcome.Flagged;
    }

    public async Task<ReviewEffects> ReviewDecided(string caseId, CaseOutcome outcome, string moderator)
    {
        List<string> reporters = s.Reports is null ? [] : [.. s.Reports.Keys];
        if (ListingChanges.Decided(s, caseId) || !s.Exists)
        {
            await writes.FlushOutboxAsync();
            return new ReviewEffects(reporters, []);
        }

        var now = clock.UtcNow;
        var notices = ListingChanges.DecideReview(s, caseId, outcome, moderator, policies.Current.Policy.Listing, now);
        await writes.ReassessAsync(policies.Current, now);
        await writes.PersistAsync();
        await writes.FlushOutboxAsync();
        return new ReviewEffects(reporters, notices);
    }

    public async Task<BrandRemovalRef?> Reinstate(string caseId, string moderator)
    {
        var removedBy = s.RemovedByNotice;
        if (ListingChanges.Decided(s, caseId) || !s.Exists)
        {
            await writes.FlushOutboxAsync();
            return removedBy;
        }

        ListingChanges.Reinstate(s, caseId, policies.Current.Policy.Listing);
        await writes.ReassessAsync(policies.Current, clock.UtcNow);
        await writes.PersistAsync();
        await writes.FlushOutboxAsync();
        return removedBy;
    }

    public async Task<bool> RecordScanFailure(string eventId, ScanResult result, string code)
    {
        if (!s.Exists)
        {
            return false;
        }

        var now = clock.UtcNow;
        if ((s.ScanFailures ??= new(StringComparer.Ordinal)).TryAdd(eventId, new ScanView(eventId, result, code, now)))
        {
            s.ModeratorCleared = false;
            await writes.ReassessAsync(policies.Current, now);
            await writes.PersistAsync();
        }

        await writes.FlushOutboxAsync();
        return true;
    }
}
