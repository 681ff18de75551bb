using System.Threading.Channels;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Live;

/// <summary>
/// This api instance's copy of the live feed: a replay window for Last-Event-ID, and one
/// bounded buffer per subscriber. A slow subscriber loses its oldest events (and is told so
/// with a gap event) rather than slowing anyone else.
/// </summary>
internal sealed class FeedHub
{
    public const int WindowSize = 5000;
    public const int SubscriberBuffer = 2000;

    private readonly Lock _lock = new();
    private readonly FeedEvent[] _window = new FeedEvent[WindowSize];
    private readonly HashSet<FeedSubscriber> _subscribers = [];
    private long _oldest = 1;
    private long _last;

    public int Subscribers
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Takes a page from the feed log; a gap or a restarted log clears the window.</summary>
    public void Publish(IReadOnlyList<FeedEvent> events, bool gap)
    {
        lock (_lock)
        {
            if (gap)
            {
                _oldest = events.Count > 0 ? events[0].Seq : _last + 1;
                foreach (var subscriber in _subscribers)
                {
                    subscriber.MarkGap();
                }
            }

            foreach (var change in events)
            {
                _window[change.Seq % WindowSize] = change;
                _last = change.Seq;
                _oldest = Math.Max(_oldest, _last - WindowSize + 1);
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Offer(change);
                }
            }
        }
    }

    /// <summary>The log restarted with new numbering: forget the window.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _oldest = 1;
            _last = 0;
            foreach (var subscriber in _subscribers)
            {
                subscriber.MarkGap();
            }
        }
    }

    /// <summary>Subscribes, with the events after lastEventId still in the window to replay first.</summary>
    public FeedSubscriber Subscribe(long? lastEventId, out List<FeedEvent> replay, out bool gap)
    {
        lock (_lock)
        {
            replay = [];
            gap = false;
            if (lastEventId is { } after && after < _last)
            {
                gap = after + 1 < _oldest;
                for (var seq = Math.Max(after + 1, _oldest); seq <= _last; seq++)
                {
                    replay.Add(_window[seq % WindowSize]);
                }
            }

            var subscriber = new FeedSubscriber(this);
            _subscribers.Add(subscriber);
            return subscriber;
        }
    }

    internal void Remove(FeedSubscriber subscriber)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscriber);
        }
    }
}

/// <summary>One SSE connection's bounded buffer.</summary>
internal sealed class FeedSubscriber : IDisposable
{
    private readonly FeedHub _hub;
    private readonly Channel<FeedEvent> _channel;
    private int _gap;

    public FeedSubscriber(FeedHub hub)
    {
        _hub = hub;
        _channel = Channel.CreateBounded<FeedEvent>(
            new BoundedChannelOptions(FeedHub.SubscriberBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => MarkGap());
    }

    public ChannelReader<FeedEvent> Reader => _channel.Reader;

    public void Offer(FeedEvent change) => _channel.Writer.TryWrite(change);

    public void MarkGap() => Interlocked.Exchange(ref _gap, 1);

    /// <summary>Whether events were lost since the last call.</summary>
    public bool TakeGap() => Interlocked.Exchange(ref _gap, 0) == 1;

    public void Dispose() => _hub.Remove(this);
}
