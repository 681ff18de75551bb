namespace IpGuard.GrainInterfaces;

/// <summary>The answer to a claim or resolve: the case, or why not (409 conflict, 404).</summary>
[GenerateSerializer, Immutable, Alias("ipguard.CaseAnswer")]
public sealed record CaseAnswer(AckStatus Status, CaseView? Case, string? Problem);
