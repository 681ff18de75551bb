namespace IpGuard.GrainInterfaces;

/// <summary>A seller's live risk state, keyed by sellerId.</summary>
[Alias("ipguard.ISellerGrain")]
public interface ISellerGrain : IGrainWithStringKey, IEventSourceGrain
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

    /// <summary>The seller's listings that claim the brand.</summary>
    [Alias("GetListingsOfBrand"), ReadOnly]
    Task<IReadOnlyList<string>> GetListingsOfBrand(string brandId);

    /// <summary>Takes a listing's current risk; creates the seller if it was never seen. Answers the seller's summary and enforcement.</summary>
    [Alias("ApplyListingChange.2")]
    Task<ListingChangeReply> ApplyListingChange(ListingChange change);

    /// <summary>Sets a moderator's decision that wins until it expires; null if the seller was never seen.</summary>
    [Alias("SetOverride")]
    Task<SellerRiskView?> SetOverride(Decision decision, string reason, DateTimeOffset expiresAt, string actor);

    /// <summary>Removes the override; null if the seller was never seen.</summary>
    [Alias("ClearOverride")]
    Task<SellerRiskView?> ClearOverride(string actor);

    /// <summary>Opens an appeal case; a conflict when nothing is enforced.</summary>
    [Alias("Appeal")]
    Task<Ack<CaseView>> Appeal(AppealCommand appeal);

    /// <summary>Adds a confirmed infringement (once per case).</summary>
    [Alias("ConfirmInfringement")]
    Task ConfirmInfringement(string caseId, string? listingId);

    /// <summary>Records the outcome of the seller's appeal or review case on the timeline; a granted seller appeal reinstates.</summary>
    [Alias("CaseDecided")]
    Task CaseDecided(string caseId, CaseKind kind, CaseOutcome outcome, string moderator, string note);

    /// <summary>A linked seller became suspended, or stopped being suspended.</summary>
    [Alias("OnLinkedEnforcement.2")]
    Task OnLinkedEnforcement(string linkedSellerId, bool enforced, string fingerprintKey, int sharers);

    /// <summary>Records a failed Transparency scan reported against the seller (once per eventId).</summary>
    [Alias("RecordScanFailure")]
    Task RecordScanFailure(string eventId, ScanResult result, string code);

    /// <summary>The distinct reporters of the seller.</summary>
    [Alias("GetReporters"), ReadOnly]
    Task<IReadOnlyList<string>> GetReporters();

    /// <summary>The seller's dossier facts, or null if never seen.</summary>
    [Alias("GetDossierFacts"), ReadOnly]
    Task<SellerDossierFacts?> GetDossierFacts();

    /// <summary>
    /// The seller's risk view, or null if the seller was never seen. Like <see cref="GetCheckout"/>
    /// it interleaves with every call: checkout systems read it too, and never wait for a write.
    /// </summary>
    [Alias("GetRisk"), AlwaysInterleave]
    Task<SellerRiskView?> GetRisk();

    /// <summary>The short form of the seller's risk, or null if never seen.</summary>
    [Alias("GetSummary"), ReadOnly]
    Task<SellerSummary?> GetSummary();

    /// <summary>
    /// The checkout answer for this seller (and listing), from memory. It interleaves with every
    /// call, so a checkout never queues behind the seller's writes under ingest: it runs at their
    /// awaits and sees the state as the last step left it, which may include a change whose write
    /// is still under way (its sender not yet answered). A listing's status is written by the
    /// listing before the seller hears of it; should the seller's own write fail, the activation
    /// is dropped and the next one reads what storage holds.
    /// </summary>
    [Alias("GetCheckout"), AlwaysInterleave]
    Task<CheckoutAnswer> GetCheckout(CheckoutQuery query);
}
