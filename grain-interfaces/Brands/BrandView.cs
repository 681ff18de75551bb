namespace IpGuard.GrainInterfaces;

/// <summary>A Brand Registry entry with its stats. Members are appended only (implicit ids in order).</summary>
[GenerateSerializer, Immutable, Alias("ipguard.BrandView")]
public sealed record BrandView(
    string BrandId,
    string Name,
    IReadOnlyList<string> Trademarks,
    IReadOnlyList<string> ProtectedTerms,
    IReadOnlyList<string> AuthorizedSellers,
    Money? ReferencePrice,
    bool Restricted,
    bool SelfServiceTakedown,
    BrandStats Stats,
    DateTimeOffset UpdatedAt,
    bool SelfServiceEligible = false,
    long NoticesDecided = 0,
    IReadOnlyList<string>? OfficialImageHashes = null);
