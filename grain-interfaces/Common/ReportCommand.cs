namespace IpGuard.GrainInterfaces;

/// <summary>A buyer or system report against a listing or a seller.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ReportCommand")]
public sealed record ReportCommand(
    string EventId,
    string ReporterId,
    ReporterKind ReporterKind,
    string? ListingId,
    string? SellerId,
    ReportReason Reason,
    string? Details,
    DateTimeOffset? OccurredAt);
