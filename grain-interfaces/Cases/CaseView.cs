namespace IpGuard.GrainInterfaces;

/// <summary>A review case as moderators see it; priority grows with score and age.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.CaseView")]
public sealed record CaseView(
    string CaseId,
    CaseKind Kind,
    string SubjectId,
    string SellerId,
    string? ListingId,
    string Reason,
    int Priority,
    int Score,
    CaseStatus Status,
    DateTimeOffset OpenedAt,
    string? Assignee,
    CaseResolution? Resolution,
    string? Statement)
{
    /// <summary>Score plus one point per hour waiting, at most 48: old cases rise.</summary>
    public static int PriorityOf(int score, DateTimeOffset openedAt, DateTimeOffset now) =>
        score + (int)Math.Clamp((now - openedAt).TotalHours, 0, 48);
}
