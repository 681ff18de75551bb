namespace IpGuard.GrainInterfaces;

/// <summary>One explainable part of a score; the points of all factors add up to the score.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.Factor")]
public sealed record Factor(string Code, int Points, string Detail);
