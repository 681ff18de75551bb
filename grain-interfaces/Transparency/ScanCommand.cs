namespace IpGuard.GrainInterfaces;

/// <summary>A per-unit Transparency code was scanned.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ScanCommand")]
public sealed record ScanCommand(string EventId, string Code, string BrandId, string? ListingId, string? SellerId);

/// <summary>The answer to a scan.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ScanAnswer")]
public sealed record ScanAnswer(ScanResult Result, bool Duplicate = false);
