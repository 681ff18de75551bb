namespace IpGuard.GrainInterfaces;

/// <summary>The answer to a report: the report's id and the subjects' risk after it.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ReportResult")]
public sealed record ReportResult(
    string ReportId,
    string? CaseId,
    ListingSummary? Listing,
    SellerSummary Seller,
    bool Duplicate = false);
