namespace IpGuard.GrainInterfaces;

/// <summary>An amount in an ISO 4217 currency.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.Money")]
public sealed record Money(decimal Amount, string Currency);
