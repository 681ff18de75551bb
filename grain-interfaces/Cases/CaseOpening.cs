namespace IpGuard.GrainInterfaces;

/// <summary>Opens a review case; opening the same caseId again changes nothing.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.CaseOpening")]
public sealed record CaseOpening(
    CaseKind Kind,
    string SubjectId,
    string SellerId,
    string? ListingId,
    string Reason,
    int Score,
    DateTimeOffset At,
    string? NoticeBrandId,
    string? NoticeId,
    string? Statement);
