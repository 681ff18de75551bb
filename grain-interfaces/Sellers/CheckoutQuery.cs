namespace IpGuard.GrainInterfaces;

/// <summary>May this seller sell (this listing) now?</summary>
[GenerateSerializer, Alias("ipguard.CheckoutQuery")]
public sealed record CheckoutQuery(string? ListingId, decimal? Amount, string? Currency);
