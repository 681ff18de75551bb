namespace IpGuard.GrainInterfaces;

/// <summary>A seller appeals its restriction, suspension or a removed listing.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.AppealCommand")]
public sealed record AppealCommand(string EventId, string Statement, string? ListingId);
