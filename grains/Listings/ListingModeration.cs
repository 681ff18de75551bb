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
/// The calls that reach a listing from buyers, brands, moderators and authenticity scans rather
/// than from its seller's stream: a report, a notice or takedown, a decided review, a
/// reinstatement, a failed scan.
/// Each changes the state (<see cref="ListingChanges"/>), rescores and writes through the entry
/// (<see cref="IListingWrites"/>), then tells the seller, brand and case. One per listing entry,
/// made when first needed.
/// </summary>
internal sealed class ListingModeration(IListingWrites writes, ListingState s, string id, ListingServices services)
{
    public async Task<Ack<ReportResult>> Report(ReportCommand report)
    {
        var hash = PayloadHash.Of(report);
        if (s.Events.Check(report.EventId, hash) is { } repeat)
        {
            if (repeat.IsConflict)
            {
                return repeat.Conflict<ReportResult>();
            }

            var seller = await writes.FlushOutboxAsync() ?? await services.Refs.Seller(s.SellerId!).GetSummary() ?? ListingViews.EmptySeller(s);
            return Ack<ReportResult>.Duplicate(ListingViews.ReportAnswer(s, id, report.EventId, seller) with { Duplicate = true });
        }

        if (!s.Exists)
        {
            return Ack<ReportResult>.NotFound($"listing '{id}' was never seen");
        }

        if (report.SellerId is not null && !string.Equals(report.SellerId, s.SellerId, StringComparison.Ordinal))
        {
            return Ack<ReportResult>.Conflict($"listing '{id}' belongs to seller '{s.SellerId}', not '{report.SellerId}'");
        }

        var now = services.Clock.UtcNow;

        if (ListingChanges.IsNewReporter(s, report.ReporterId))
        {
            var weight = await services.Grains.GetGrain<IReporterGrain>(report.ReporterId).GetWeight();
            ListingChanges.AddReport(s, report, weight, now);
        }

        await services.Images.ObserveAsync(s, id);
        await writes.ReassessAsync(services.Policies.Current, now);
        s.Events.Add(report.EventId, hash, null);
        services.Feed.CountIngested();
        await writes.PersistAsync();

        var summary = await writes.FlushOutboxAsync() ?? ListingViews.EmptySeller(s);
        return Ack<ReportResult>.Applied(ListingViews.ReportAnswer(s, id, report.EventId, summary));
    }

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

        var now = services.Clock.UtcNow;
        var removed = ListingChanges.ApplyNotice(s, brandId, noticeId, remove, takedown, reason, now);
        await writes.ReassessAsync(services.Policies.Current, now, noticeBy: remove ? null : new BrandRemovalRef(brandId, noticeId));
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

        var now = services.Clock.UtcNow;
        var notices = ListingChanges.DecideReview(s, caseId, outcome, moderator, services.Policies.Current.Policy.Listing, now);
        await writes.ReassessAsync(services.Policies.Current, now);
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

        ListingChanges.Reinstate(s, caseId, services.Policies.Current.Policy.Listing);
        await writes.ReassessAsync(services.Policies.Current, services.Clock.UtcNow);
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

        var now = services.Clock.UtcNow;
        if ((s.ScanFailures ??= new(StringComparer.Ordinal)).TryAdd(eventId, new ScanView(eventId, result, code, now)))
        {
            s.ModeratorCleared = false;
            await writes.ReassessAsync(services.Policies.Current, now);
            await writes.PersistAsync();
        }

        await writes.FlushOutboxAsync();
        return true;
    }
}
