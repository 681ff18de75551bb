namespace IpGuard.GrainInterfaces;

/// <summary>A moderator's decision that wins over the computed one until it expires.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.OverrideView")]
public sealed record OverrideView(Decision Decision, string Reason, DateTimeOffset ExpiresAt, string By, DateTimeOffset SetAt);
