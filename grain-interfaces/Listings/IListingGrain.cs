namespace IpGuard.GrainInterfaces;

/// <summary>One listing: its facts, signals, reports, status and score, keyed by listingId.</summary>
[Alias("ipguard.IListingGrain")]
public interface IListingGrain : IGrainWithStringKey, IEventSourceGrain
{
    /// <summary>Creates or changes the listing (or withdraws it) and rescores it.</summary>
    [Alias("Upsert")]
    Task<Ack<ListingResult>> Upsert(ListingUpsert upsert);

    /// <summary>
    /// As <see cref="Upsert"/>, for batches, whose answer carries no seller summary: the seller is
    /// called only when the listing has news for it, never just to read its decision.
    /// </summary>
    [Alias("Ingest")]
    Task<Ack<ListingIngested>> Ingest(ListingUpsert upsert);

    /// <summary>Records a report against the listing.</summary>
    [Alias("Report")]
    Task<Ack<ReportResult>> Report(ReportCommand report);

    /// <summary>Applies a brand's notice: removes the listing or flags it for review (once per notice).</summary>
    [Alias("ApplyNotice")]
    Task<NoticeOutcome> ApplyNotice(string brandId, string noticeId, bool remove, bool takedown, string reason);

    /// <summary>A moderator decided the listing's review case; answers the listing's reporters.</summary>
    [Alias("ReviewDecided")]
    Task<ReviewEffects> ReviewDecided(string caseId, CaseOutcome outcome, string moderator);

    /// <summary>Restores a removed listing after a granted appeal; answers the brand that removed it, if one did.</summary>
    [Alias("Reinstate")]
    Task<BrandRemovalRef?> Reinstate(string caseId, string moderator);

    /// <summary>Rescores the listing against its silo's newest Brand Registry (its seller's authorization for its brand changed).</summary>
    [Alias("Refresh")]
    Task Refresh();

    /// <summary>
    /// The seller's enforcement changed: a suspended seller's listings leave sale, and come back
    /// when it is lifted. Answers the listing as the seller should carry it (null if never seen):
    /// the sweeping seller applies the answers itself rather than hearing from each listing.
    /// </summary>
    [Alias("ApplySellerEnforcement.2")]
    Task<ListingChange?> ApplySellerEnforcement(SellerEnforcement enforcement);

    /// <summary>Records a failed Transparency scan of the listing (once per eventId).</summary>
    [Alias("RecordScanFailure")]
    Task<bool> RecordScanFailure(string eventId, ScanResult result, string code);

    /// <summary>The listing's evidence, or null if it was never seen.</summary>
    [Alias("GetDossier"), ReadOnly]
    Task<ListingDossier?> GetDossier();

    /// <summary>The listing's risk view, or null if it was never seen.</summary>
    [Alias("GetRisk"), ReadOnly]
    Task<ListingRiskView?> GetRisk();
}
