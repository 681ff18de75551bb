namespace IpGuard.GrainInterfaces;

/// <summary>
/// A book of listings: every listing whose id hashes to it (<see cref="ListingBook.Of"/>), each
/// held as an entry with its facts, signals, reports, status and score, and stored as a record of
/// its own (the key a listing grain had). One activation serves many listings, where there was
/// one a listing. Every method names the listing; <see cref="ListingRef"/> calls them as a
/// listing's own. Calls run one at a time per book.
/// </summary>
[Alias("ipguard.IListingBookGrain")]
public interface IListingBookGrain : IGrainWithStringKey
{
    /// <summary>Creates or changes the listing (or withdraws it) and rescores it.</summary>
    [Alias("Upsert")]
    Task<Ack<ListingResult>> Upsert(string listingId, ListingUpsert upsert);

    /// <summary>
    /// As <see cref="Upsert"/>, for batches, whose answer carries no seller summary: the seller is
    /// called only when the listing has news for it, never just to read its decision.
    /// </summary>
    [Alias("Ingest")]
    Task<Ack<ListingIngested>> Ingest(string listingId, ListingUpsert upsert);

    /// <summary>Records a report against the listing.</summary>
    [Alias("Report")]
    Task<Ack<ReportResult>> Report(string listingId, ReportCommand report);

    /// <summary>Applies a brand's notice: removes the listing or flags it for review (once per notice).</summary>
    [Alias("ApplyNotice")]
    Task<NoticeOutcome> ApplyNotice(string listingId, string brandId, string noticeId, bool remove, bool takedown, string reason);

    /// <summary>A moderator decided the listing's review case; answers the listing's reporters.</summary>
    [Alias("ReviewDecided")]
    Task<ReviewEffects> ReviewDecided(string listingId, string caseId, CaseOutcome outcome, string moderator);

    /// <summary>Restores a removed listing after a granted appeal; answers the brand that removed it, if one did.</summary>
    [Alias("Reinstate")]
    Task<BrandRemovalRef?> Reinstate(string listingId, string caseId, string moderator);

    /// <summary>Rescores the listing against its silo's newest Brand Registry (its seller's authorization for its brand changed).</summary>
    [Alias("Refresh")]
    Task Refresh(string listingId);

    /// <summary>
    /// The seller's enforcement changed: a suspended seller's listings leave sale, and come back
    /// when it is lifted. Answers the listing as the seller should carry it (null if never seen):
    /// the sweeping seller applies the answers itself rather than hearing from each listing.
    /// </summary>
    [Alias("ApplySellerEnforcement")]
    Task<ListingChange?> ApplySellerEnforcement(string listingId, SellerEnforcement enforcement);

    /// <summary>Records a failed Transparency scan of the listing (once per eventId).</summary>
    [Alias("RecordScanFailure")]
    Task<bool> RecordScanFailure(string listingId, string eventId, ScanResult result, string code);

    /// <summary>Appends to the log what the listing staged and has not yet appended, and sends what its seller, brand and review case have not confirmed (after a crash).</summary>
    [Alias("FlushEvents")]
    Task FlushEvents(string listingId);

    /// <summary>The listing's evidence, or null if it was never seen.</summary>
    [Alias("GetDossier")]
    Task<ListingDossier?> GetDossier(string listingId);

    /// <summary>The listing's risk view, or null if it was never seen.</summary>
    [Alias("GetRisk")]
    Task<ListingRiskView?> GetRisk(string listingId);
}

/// <summary>Where a listing lives: the book its id hashes to.</summary>
public static class ListingBook
{
    /// <summary>
    /// How many books share the listings. The books decide only where a listing is held, not how
    /// it is stored (each listing is its own record), so the number may change between deployments.
    /// </summary>
    public const int Count = 16384;

    /// <summary>The book holding a listing (FNV-1a of its id).</summary>
    public static string Of(string listingId)
    {
        var hash = 2166136261u;
        foreach (var c in listingId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (hash % Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A listing, addressed through its book.</summary>
    public static ListingRef Listing(this IGrainFactory grains, string listingId) =>
        new(grains.GetGrain<IListingBookGrain>(Of(listingId)), listingId);
}

/// <summary>One listing: the calls of its book (<see cref="IListingBookGrain"/>) made for it.</summary>
public readonly record struct ListingRef(IListingBookGrain Book, string ListingId)
{
    public Task<Ack<ListingResult>> Upsert(ListingUpsert upsert) => Book.Upsert(ListingId, upsert);

    public Task<Ack<ListingIngested>> Ingest(ListingUpsert upsert) => Book.Ingest(ListingId, upsert);

    public Task<Ack<ReportResult>> Report(ReportCommand report) => Book.Report(ListingId, report);

    public Task<NoticeOutcome> ApplyNotice(string brandId, string noticeId, bool remove, bool takedown, string reason) =>
        Book.ApplyNotice(ListingId, brandId, noticeId, remove, takedown, reason);

    public Task<ReviewEffects> ReviewDecided(string caseId, CaseOutcome outcome, string moderator) => Book.ReviewDecided(ListingId, caseId, outcome, moderator);

    public Task<BrandRemovalRef?> Reinstate(string caseId, string moderator) => Book.Reinstate(ListingId, caseId, moderator);

    public Task Refresh() => Book.Refresh(ListingId);

    public Task<ListingChange?> ApplySellerEnforcement(SellerEnforcement enforcement) => Book.ApplySellerEnforcement(ListingId, enforcement);

    public Task<bool> RecordScanFailure(string eventId, ScanResult result, string code) => Book.RecordScanFailure(ListingId, eventId, result, code);

    public Task FlushEvents() => Book.FlushEvents(ListingId);

    public Task<ListingDossier?> GetDossier() => Book.GetDossier(ListingId);

    public Task<ListingRiskView?> GetRisk() => Book.GetRisk(ListingId);
}
