namespace IpGuard.GrainInterfaces;

/// <summary>The sellers sharing one fingerprint, keyed "{kind}:{hash}".</summary>
[Alias("ipguard.IFingerprintGrain")]
public interface IFingerprintGrain : IGrainWithStringKey
{
    /// <summary>Adds the seller (with whether it is suspended) and answers the others.</summary>
    [Alias("Link")]
    Task<IReadOnlyList<LinkedMember>> Link(string sellerId, bool enforced);

    /// <summary>Marks the seller suspended or not and answers the others, who must be told.</summary>
    [Alias("SetEnforced")]
    Task<IReadOnlyList<LinkedMember>> SetEnforced(string sellerId, bool enforced);

    /// <summary>Every seller with this fingerprint.</summary>
    [Alias("Members"), ReadOnly]
    Task<IReadOnlyList<LinkedMember>> Members();
}

/// <summary>A seller sharing a fingerprint, and whether it is suspended.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.LinkedMember")]
public sealed record LinkedMember(string SellerId, bool Enforced);

/// <summary>A seller linked to another through the fingerprint kinds they share.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.LinkedSeller")]
public sealed record LinkedSeller(string SellerId, IReadOnlyList<string> SharedKinds, bool Suspended);
