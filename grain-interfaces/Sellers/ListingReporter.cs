namespace IpGuard.GrainInterfaces;

/// <summary>A reporter who reported one of the seller's listings.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ListingReporter")]
public sealed record ListingReporter(string ReporterId, ReporterKind Kind, ReportReason Reason, DateTimeOffset At, double Weight = 1.0);
