namespace IpGuard.GrainInterfaces;

/// <summary>Why, when and by whom a listing was removed.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.Removal")]
public sealed record Removal(RemovedBy By, string Reason, DateTimeOffset At);
