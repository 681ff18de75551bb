namespace IpGuard.GrainInterfaces;

/// <summary>A seller verification check finished.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.VerificationResult")]
public sealed record VerificationResult(string EventId, VerificationCheck Check, VerificationOutcome Outcome, Fingerprints? Fingerprints);
