namespace IpGuard.GrainInterfaces;

/// <summary>One listing: its facts, signals, reports, status and score, keyed by listingId.</summary>
[Alias("ipguard.IListingGrain")]
public interface IListingGrain : IGrainWithStringKey
{
    /// <summary>Creates or changes the listing (or withdraws it) and rescores it.</summary>
    [Alias("Upsert")]
    Task<Ack<ListingResult>> Upsert(ListingUpsert upsert);

    /// <summary>Records a report against the listing.</summary>
    [Alias("Report")]
    Task<Ack<ReportResult>> Report(ReportCommand report);

    /// <summary>The listing's risk view, or null if it was never seen.</summary>
    [Alias("GetRisk"), ReadOnly]
    Task<ListingRiskView?> GetRisk();
}
