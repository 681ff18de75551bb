namespace IpGuard.GrainInterfaces;

/// <summary>Enforcement decision on a seller, ordered from least to most severe.</summary>
public enum Decision { Allow, Monitor, Review, Restrict, Suspend }
