namespace IpGuard.GrainInterfaces;

/// <summary>How a verification check ended.</summary>
public enum VerificationOutcome { Passed, Failed, Expired }
