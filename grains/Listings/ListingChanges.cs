using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// What each kind of event does to a listing's state before it is rescored: new content, a
/// report, a brand's notice, a moderator's decision. No grain calls, no clock: testable on a
/// bare <see cref="ListingState"/>.
/// </summary>
internal static class ListingChanges
{
    /// <summary>How many decided cases a listing remembers, so that a case's effects apply once.</summary>
    public const int DecidedCasesKept = 50;

    /// <summary>Applies an upsert's content (the listing's seller never changes: the caller checked).</summary>
    public static void ApplyContent(ListingState s, ListingUpsert upsert, PhraseSet counterfeitTerms, DateTimeOffset now)
    {
        if (!s.Exists)
        {
            s.CreatedAt = now;
        }

        // Values that did not change keep the instances already held, so that a listing holds one
        // copy of each however many events repeat them (a listing's seller never changes).
        s.SellerId ??= upsert.SellerId;
        var descriptionTerms = TextScan.FindPhrases(upsert.Description, counterfeitTerms);
        var changed = s.Title != upsert.Title || s.BrandId != upsert.BrandId || s.Price != upsert.Price || !s.DescriptionTerms.SequenceEqual(descriptionTerms);
        if (changed)
        {
            // New content is new evidence: a moderator's earlier clearance no longer covers it.
            s.ModeratorCleared = false;
            s.BrandId = upsert.BrandId;
            s.Title = upsert.Title;
            s.DescriptionTerms = descriptionTerms;
        }

        // 30.00 equals 30 as evidence, but the listing shows the price as last sent.
        if (changed || s.Price!.Amount.Scale != upsert.Price.Amount.Scale)
        {
            s.Price = upsert.Price.Currency.Length == 3
                ? upsert.Price with { Currency = string.Intern(upsert.Price.Currency) } // ISO 4217 codes: a bounded set
                : upsert.Price;
        }

        s.Quantity = upsert.Quantity;
        if (!SameItems(s.ImageHashes, upsert.ImageHashes))
        {
            s.ImageHashes = upsert.ImageHashes?.ToList();
        }

        s.Withdrawn = upsert.Withdrawn;
        s.OccurredAt = upsert.OccurredAt;
        s.ChangedAt = now;
    }

    /// <summary>Whether the reporter is new to the listing (a reporter counts once per listing).</summary>
    public static bool IsNewReporter(ListingState s, string reporterId) => s.Reports is null || !s.Reports.ContainsKey(reporterId);

    /// <summary>Adds a new reporter, with the credibility it had when it reported, for the listing and its seller.</summary>
    public static void AddReport(ListingState s, ReportCommand report, double weight, DateTimeOffset now)
    {
        (s.Reports ??= new(StringComparer.Ordinal))[report.ReporterId] =
            new ListingReportEntry(report.ReporterKind, report.Reason, now, report.EventId, report.Details, weight);
        (s.PendingReporters ??= []).Add(new ListingReporter(report.ReporterId, report.ReporterKind, report.Reason, now, weight));
    }

    /// <summary>Whether this notice of this brand was already applied.</summary>
    public static bool HasNotice(ListingState s, string brandId, string noticeId) =>
        s.Notices is not null && s.Notices.TryGetValue(brandId, out var known) && known.NoticeId == noticeId;

    /// <summary>Records a brand's notice, and removes the listing if the notice says so; whether it removed it now.</summary>
    public static bool ApplyNotice(ListingState s, string brandId, string noticeId, bool remove, bool takedown, string reason, DateTimeOffset now)
    {
        (s.Notices ??= new(StringComparer.Ordinal))[brandId] = new ListingNoticeEntry(noticeId, reason, takedown, now, Decided: false);
        s.ModeratorCleared = false;
        if (!remove || (s.Status == ListingStatus.Removed && !s.RemovedBySeller))
        {
            return false;
        }

        // A brand's removal stands on its own, even over one by the seller's enforcement.
        s.RemovedBySeller = false;
        s.Status = ListingStatus.Removed;
        s.Removal = new Removal(RemovedBy.Brand, takedown ? $"self-service takedown by brand {brandId}: {reason}" : $"notice by brand {brandId}: {reason}", now);
        s.RemovedByNotice = new BrandRemovalRef(brandId, noticeId);
        return true;
    }

    /// <summary>Applies a moderator's decision of the listing's review; the brands' notices it decided.</summary>
    public static List<BrandRemovalRef> DecideReview(ListingState s, string caseId, CaseOutcome outcome, string moderator, ListingPolicy policy, DateTimeOffset now)
    {
        var notices = new List<BrandRemovalRef>();
        foreach (var (brandId, notice) in UndecidedNotices(s))
        {
            notices.Add(new BrandRemovalRef(brandId, notice.NoticeId));
            s.Notices![brandId] = notice with { Decided = true };
        }

        if (outcome == CaseOutcome.Confirmed)
        {
            s.ConfirmedBy = caseId;
            if (s.Status != ListingStatus.Removed || s.RemovedBySeller)
            {
                s.RemovedBySeller = false;
                s.Status = ListingStatus.Removed;
                s.Removal = new Removal(RemovedBy.Moderator, $"infringement confirmed in case {caseId} by {moderator}", now);
            }
        }
        else
        {
            Restore(s, policy);
        }

        if (s.OpenCaseId == caseId)
        {
            s.OpenCaseId = null;
        }

        Remember(s, caseId);
        return notices;
    }

    /// <summary>Applies a granted appeal of the listing's removal: it returns, and its notices count as decided.</summary>
    public static void Reinstate(ListingState s, string caseId, ListingPolicy policy)
    {
        Restore(s, policy);
        foreach (var (brandId, notice) in UndecidedNotices(s))
        {
            s.Notices![brandId] = notice with { Decided = true };
        }

        Remember(s, caseId);
    }

    /// <summary>Whether this case's decision was already applied.</summary>
    public static bool Decided(ListingState s, string caseId) => AppliedOnce.Contains(s.DecidedCases, caseId);

    private static void Remember(ListingState s, string caseId) => AppliedOnce.Add(s.DecidedCases ??= [], caseId, DecidedCasesKept);

    private static void Restore(ListingState s, ListingPolicy policy)
    {
        if (s.Status == ListingStatus.Removed || s.Status == ListingStatus.Flagged)
        {
            s.Status = ListingStatusRules.Restored(s.Withdrawn, (ListingSignals)s.Signals, policy);
            s.Removal = null;
        }

        s.ModeratorCleared = true;
    }

    /// <summary>The notices no moderator has decided, copied so that the state may change as they are walked.</summary>
    private static List<KeyValuePair<string, ListingNoticeEntry>> UndecidedNotices(ListingState s) =>
        s.Notices is null ? [] : [.. s.Notices.Where(n => !n.Value.Decided)];

    private static bool SameItems(List<string>? held, IReadOnlyList<string>? sent) =>
        held is null ? sent is null : sent is not null && held.SequenceEqual(sent);
}
