namespace IpGuard.GrainInterfaces;

/// <summary>What the live feed carries.</summary>
public enum FeedKind { Risk, Listing, Case }

/// <summary>
/// One change for the live feed: a seller's risk, a listing's status or a case. Seq is set by
/// the feed log, the same for every api instance, and is the SSE event id.
/// </summary>
[GenerateSerializer, Immutable, Alias("ipguard.FeedEvent")]
public sealed record FeedEvent(
    FeedKind Kind,
    string SubjectId,
    DateTimeOffset At,
    int? Score = null,
    Band? Band = null,
    Decision? Decision = null,
    Decision? PreviousDecision = null,
    ListingStatus? Status = null,
    RemovedBy? RemovedBy = null,
    string? SellerId = null,
    CaseKind? CaseKind = null,
    CaseStatus? CaseStatus = null,
    string? Reason = null,
    long Seq = 0);

/// <summary>Events after a sequence number; Gap when some were already gone from the window.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.FeedPage")]
public sealed record FeedPage(IReadOnlyList<FeedEvent> Events, long LastSeq, bool Gap, long Head);

/// <summary>What one silo's feed flusher sends in one batch.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.FeedBatch")]
public sealed record FeedBatch(IReadOnlyList<FeedEvent> Events, long Ingested, DateTimeOffset At);

/// <summary>The dashboard's aggregates, kept incrementally by the feed log.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.LiveSummary")]
public sealed record LiveSummary(
    IReadOnlyList<TopSeller> TopSellers,
    IReadOnlyDictionary<string, long> Decisions,
    double EventsPerSecond,
    long RemovalsLastHour,
    IReadOnlyList<RatePoint> Rate);

/// <summary>A seller in the top-risk list.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.TopSeller")]
public sealed record TopSeller(string SellerId, int Score, Decision Decision, Band Band, DateTimeOffset At);

/// <summary>Events ingested in one second.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.RatePoint")]
public sealed record RatePoint(DateTimeOffset At, long Events);
