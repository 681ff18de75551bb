namespace IpGuard.GrainInterfaces;

/// <summary>One entry of a seller's audit timeline: a decision change, override or appeal.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.TimelineEntry")]
public sealed record TimelineEntry(
    DateTimeOffset At,
    string Kind,
    Decision? From,
    Decision? To,
    int Score,
    string Reason,
    string Actor,
    string PolicyVersion);
