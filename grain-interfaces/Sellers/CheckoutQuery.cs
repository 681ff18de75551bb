namespace IpGuard.GrainInterfaces;

/// <summary>May this seller sell (this listing) now?</summary>
[GenerateSerializer, Immutable, Alias("ipguard.CheckoutQuery")]
public sealed record CheckoutQuery(string? ListingId, decimal? Amount, string? Currency);
