namespace IpGuard.GrainInterfaces;

/// <summary>What the seller grain holds for a dossier; the api adds listings and linked sellers.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.SellerDossierFacts")]
public sealed record SellerDossierFacts(
    SellerRiskView Seller,
    Fingerprints? Fingerprints,
    IReadOnlyList<VerificationEvent> VerificationHistory,
    IReadOnlyList<string> ListingIds,
    IReadOnlyList<ReportView> Reports,
    IReadOnlyList<ConfirmedInfringementView> ConfirmedInfringements,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<ScanView> ScanFailures);

/// <summary>One verification outcome, as it happened.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.VerificationEvent")]
public sealed record VerificationEvent(VerificationCheck Check, VerificationOutcome Outcome, DateTimeOffset At, string EventId);

/// <summary>A distinct reporter's report.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ReportView")]
public sealed record ReportView(string ReporterId, ReporterKind ReporterKind, ReportReason Reason, DateTimeOffset At, string? ListingId, double Weight, string? Details);

/// <summary>An infringement a moderator confirmed.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ConfirmedInfringementView")]
public sealed record ConfirmedInfringementView(DateTimeOffset At, string? ListingId, string Source);
