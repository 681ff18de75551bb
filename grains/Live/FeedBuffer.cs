using System.Threading.Channels;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// Each silo's outbox for the live feed: grains drop changes here (a memory write, no grain
/// call on the ingest path) and the silo's flusher sends them to the feed log in batches.
/// When the log cannot keep up the oldest changes are dropped: the feed is live, not a ledger.
/// </summary>
public sealed class FeedBuffer
{
    public const int Capacity = 100_000;

    private readonly Channel<FeedEvent> _channel = Channel.CreateBounded<FeedEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Rung when the count of applied events leaves zero, so an idle flusher waits without a timer.</summary>
    private readonly Channel<bool> _counted = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long _ingested;

    public void Publish(FeedEvent change) => _channel.Writer.TryWrite(change);

    /// <summary>Counts an applied event for the events-per-second figure.</summary>
    public void CountIngested()
    {
        if (Interlocked.Increment(ref _ingested) == 1)
        {
            _counted.Writer.TryWrite(true);
        }
    }

    internal ChannelReader<FeedEvent> Reader => _channel.Reader;

    internal ChannelReader<bool> Counted => _counted.Reader;

    internal long TakeIngested() => Interlocked.Exchange(ref _ingested, 0);

    internal void ReturnIngested(long count)
    {
        if (Interlocked.Add(ref _ingested, count) == count)
        {
            _counted.Writer.TryWrite(true);
        }
    }
}
