namespace IpGuard.GrainInterfaces;

/// <summary>A listing was created or changed; Withdrawn when the seller delisted it.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ListingUpsert")]
public sealed record ListingUpsert(
    string EventId,
    string SellerId,
    string? BrandId,
    string Title,
    string? Description,
    Money Price,
    int? Quantity,
    IReadOnlyList<string>? ImageHashes,
    bool Withdrawn,
    DateTimeOffset? OccurredAt);
