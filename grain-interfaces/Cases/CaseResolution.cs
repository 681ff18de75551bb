namespace IpGuard.GrainInterfaces;

/// <summary>How, by whom and when a case was resolved.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.CaseResolution")]
public sealed record CaseResolution(CaseOutcome Outcome, string Note, string By, DateTimeOffset At);
