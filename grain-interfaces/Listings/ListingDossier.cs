namespace IpGuard.GrainInterfaces;

/// <summary>A listing's evidence: its risk view, reports, notices and scans.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ListingDossier")]
public sealed record ListingDossier(
    ListingRiskView Listing,
    IReadOnlyList<ReportView> Reports,
    IReadOnlyList<NoticeView> Notices,
    IReadOnlyList<ScanView> Scans);

/// <summary>A brand's notice against a listing.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.NoticeView")]
public sealed record NoticeView(string BrandId, string NoticeId, string Reason, bool Takedown, DateTimeOffset At);

/// <summary>A Transparency scan of a listing that did not come out authentic.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ScanView")]
public sealed record ScanView(string EventId, ScanResult Result, string Code, DateTimeOffset At);
