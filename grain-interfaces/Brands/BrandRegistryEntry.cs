namespace IpGuard.GrainInterfaces;

/// <summary>A brand's Brand Registry entry: what the listing signals are checked against.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.BrandRegistryEntry")]
public sealed record BrandRegistryEntry(
    string BrandId,
    string Name,
    IReadOnlyList<string> Trademarks,
    IReadOnlyList<string> ProtectedTerms,
    IReadOnlyList<string> AuthorizedSellers,
    Money? ReferencePrice,
    bool Restricted,
    bool SelfServiceTakedown);
