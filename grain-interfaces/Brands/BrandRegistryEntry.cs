namespace IpGuard.GrainInterfaces;

/// <summary>A brand's Brand Registry entry: what the listing signals are checked against.</summary>
/// <remarks>
/// Stored (brand and directory state). The positional members carry implicit ids in order, so a
/// member is only ever appended, optional: an entry stored before it reads back with it null.
/// </remarks>
[GenerateSerializer, Immutable, Alias("ipguard.BrandRegistryEntry")]
public sealed record BrandRegistryEntry(
    string BrandId,
    string Name,
    IReadOnlyList<string> Trademarks,
    IReadOnlyList<string> ProtectedTerms,
    IReadOnlyList<string> AuthorizedSellers,
    Money? ReferencePrice,
    bool Restricted,
    bool SelfServiceTakedown,
    IReadOnlyList<string>? OfficialImageHashes = null)
{
    /// <summary>The brand's own product photos (hashes); none when the entry has none or predates them.</summary>
    public IReadOnlyList<string> OfficialImages => OfficialImageHashes ?? [];
}
