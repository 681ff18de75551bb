using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>A case as moderators and the event log see it, and what opening one announces.</summary>
internal static class CaseViews
{
    public static CaseView Of(string caseId, CaseOpening o, CaseStatus status, string? assignee, CaseResolution? resolution, DateTimeOffset now) =>
        new(caseId, o.Kind, o.SubjectId, o.SellerId, o.ListingId, o.Reason, CaseView.PriorityOf(o.Score, o.At, now),
            o.Score, status, o.At, assignee, resolution, o.Statement);

    /// <summary>The case's live-feed entry in a status.</summary>
    public static FeedEvent Feed(string caseId, CaseOpening o, CaseStatus status, DateTimeOffset now) =>
        new(FeedKind.Case, caseId, now, o.Score, SellerId: o.SellerId, CaseKind: o.Kind, CaseStatus: status, Reason: o.Reason);

    /// <summary>
    /// The <c>case.opened</c> event of a case opened through the queue, for the opening subject to
    /// write with its own state. It is the case subject's first event, as it would be from the case
    /// grain, which numbers its later events after it (<see cref="CaseGrain"/> takes the opening over).
    /// </summary>
    public static LoggedEvent Opened(string caseId, CaseOpening o, DateTimeOffset now)
    {
        var subject = EventData.CaseSubject(caseId);
        return new LoggedEvent(subject + ":" + OpenedSeq.ToString(System.Globalization.CultureInfo.InvariantCulture), EventTypes.CaseOpened, o.At, subject, null,
            EventData.Case(Of(caseId, o, CaseStatus.Open, null, null, now)));
    }

    /// <summary>The sequence number of a case's <c>case.opened</c> event.</summary>
    public const long OpenedSeq = 1;
}
