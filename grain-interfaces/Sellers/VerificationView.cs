namespace IpGuard.GrainInterfaces;

/// <summary>The latest outcome of each verification check; null where a check never ran.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.VerificationView")]
public sealed record VerificationView(
    bool Verified,
    VerificationStatus? Identity,
    VerificationStatus? Business,
    VerificationStatus? Bank,
    VerificationStatus? Address,
    VerificationStatus? Video);
