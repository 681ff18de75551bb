namespace IpGuard.GrainInterfaces;

/// <summary>Coarse risk band of a 0..100 score.</summary>
public enum Band { Low, Medium, High, Critical }
