namespace IpGuard.GrainInterfaces;

/// <summary>A seller verification check finished.</summary>
[GenerateSerializer, Alias("ipguard.VerificationResult")]
public sealed record VerificationResult(string EventId, VerificationCheck Check, VerificationOutcome Outcome, Fingerprints? Fingerprints);
