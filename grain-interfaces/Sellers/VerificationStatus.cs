namespace IpGuard.GrainInterfaces;

/// <summary>The latest outcome of one verification check.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.VerificationStatus")]
public sealed record VerificationStatus(VerificationOutcome Outcome, DateTimeOffset At);
