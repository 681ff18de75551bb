namespace IpGuard.GrainInterfaces;

/// <summary>
/// The cluster's live feed: a window of recent changes with one sequence, and the dashboard's
/// aggregates. Each silo batches its changes (every ~20 ms) before appending, so this grain
/// sees a few calls per second per silo, never one per event. It is memory only: the feed is
/// live, and its window is for reconnects, not history.
/// </summary>
[Alias("ipguard.IFeedLogGrain")]
public interface IFeedLogGrain : IGrainWithStringKey
{
    public const string Key = "feed";

    /// <summary>Appends a silo's batch of changes.</summary>
    [Alias("Append")]
    Task Append(FeedBatch batch);

    /// <summary>Events after a sequence number, waiting up to the given time for the first.</summary>
    [Alias("WaitSince"), AlwaysInterleave]
    Task<FeedPage> WaitSince(long afterSeq, int max, TimeSpan wait);

    /// <summary>The dashboard's aggregates.</summary>
    [Alias("GetSummary"), AlwaysInterleave]
    Task<LiveSummary> GetSummary(int top);
}
