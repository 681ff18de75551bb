namespace IpGuard.GrainInterfaces;

/// <summary>A seller's live risk state, keyed by sellerId.</summary>
[Alias("ipguard.ISellerGrain")]
public interface ISellerGrain : IGrainWithStringKey
{
    /// <summary>Registers the seller or updates its profile.</summary>
    [Alias("Register")]
    Task<Ack<SellerRiskView>> Register(SellerRegistration registration);

    /// <summary>Records the outcome of a verification check.</summary>
    [Alias("RecordVerification")]
    Task<Ack<SellerRiskView>> RecordVerification(VerificationResult result);

    /// <summary>Records a report filed directly against the seller.</summary>
    [Alias("Report")]
    Task<Ack<ReportResult>> Report(ReportCommand report);

    /// <summary>Takes a listing's current risk; creates the seller if it was never seen.</summary>
    [Alias("ApplyListingChange")]
    Task<SellerSummary> ApplyListingChange(ListingChange change);

    /// <summary>The seller's risk view, or null if the seller was never seen.</summary>
    [Alias("GetRisk"), ReadOnly]
    Task<SellerRiskView?> GetRisk();

    /// <summary>The short form of the seller's risk, or null if never seen.</summary>
    [Alias("GetSummary"), ReadOnly]
    Task<SellerSummary?> GetSummary();

    /// <summary>The checkout answer for this seller (and listing), from memory.</summary>
    [Alias("GetCheckout"), ReadOnly]
    Task<CheckoutAnswer> GetCheckout(CheckoutQuery query);
}
