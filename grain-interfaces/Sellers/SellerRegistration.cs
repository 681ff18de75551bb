namespace IpGuard.GrainInterfaces;

/// <summary>A seller was registered or its profile changed.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.SellerRegistration")]
public sealed record SellerRegistration(string EventId, DateTimeOffset? RegisteredAt, string? Country, Fingerprints? Fingerprints);
