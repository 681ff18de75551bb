namespace IpGuard.GrainInterfaces;

/// <summary>A kind of seller verification.</summary>
public enum VerificationCheck { Identity, Business, Bank, Address, Video }
