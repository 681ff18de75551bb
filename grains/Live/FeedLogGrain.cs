using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// The live feed's window of recent changes under one sequence, and the dashboard aggregates
/// kept incrementally from it: decision counts (from each risk change's previous and new
/// decision), the top risky sellers, events per second and removals in the last hour.
/// Memory only; readers wait on it with interleaved long polls.
/// </summary>
[GrainType("feed-log")]
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed class FeedLogGrain(RiskClock clock) : Grain, IFeedLogGrain
{
    /// <summary>How many recent changes a reconnecting subscriber can replay.</summary>
    public const int WindowSize = 5000;

    /// <summary>How many sellers the top-risk list keeps.</summary>
    public const int TopCapacity = 200;

    private readonly FeedEvent[] _window = new FeedEvent[WindowSize];
    private readonly Dictionary<string, long> _decisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TopSeller> _top = new(StringComparer.Ordinal);
    private readonly SortedSet<(int Score, string SellerId)> _topOrder = new();
    private readonly Dictionary<long, long> _perSecond = [];
    private readonly Dictionary<long, long> _removalsPerMinute = [];
    private long _seq;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Append(FeedBatch batch)
    {
        foreach (var change in batch.Events)
        {
            var numbered = change with { Seq = ++_seq };
            _window[_seq % WindowSize] = numbered;
            Aggregate(numbered);
        }

        if (batch.Ingested > 0)
        {
            var second = batch.At.ToUnixTimeSeconds();
            _perSecond[second] = _perSecond.GetValueOrDefault(second) + batch.Ingested;
        }

        Trim();
        if (batch.Events.Count > 0)
        {
            var arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            arrived.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public async Task<FeedPage> WaitSince(long afterSeq, int max, TimeSpan wait)
    {
        if (afterSeq >= _seq && wait > TimeSpan.Zero)
        {
            await Task.WhenAny(_arrived.Task, Task.Delay(wait));
        }

        var oldest = Math.Max(1, _seq - WindowSize + 1);
        var gap = afterSeq + 1 < oldest && afterSeq < _seq;
        var from = Math.Max(afterSeq + 1, oldest);
        var count = (int)Math.Clamp(_seq - from + 1, 0, max);
        var events = new FeedEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = _window[(from + i) % WindowSize];
        }

        return new FeedPage(events, count > 0 ? events[^1].Seq : Math.Max(afterSeq, 0), gap, _seq);
    }

    public Task<LiveSummary> GetSummary(int top)
    {
        var now = clock.UtcNow.ToUnixTimeSeconds();
        var lastFive = 0L;
        for (var s = now - 5; s < now; s++)
        {
            lastFive += _perSecond.GetValueOrDefault(s);
        }

        var rate = new List<RatePoint>(60);
        for (var s = now - 60; s < now; s++)
        {
            rate.Add(new RatePoint(DateTimeOffset.FromUnixTimeSeconds(s), _perSecond.GetValueOrDefault(s)));
        }

        var minute = now / 60;
        var removals = _removalsPerMinute.Where(r => r.Key > minute - 60).Sum(r => r.Value);
        var topSellers = _topOrder.Reverse().Take(top).Select(t => _top[t.SellerId]).ToList();
        return Task.FromResult(new LiveSummary(topSellers, new Dictionary<string, long>(_decisions), lastFive / 5.0, removals, rate));
    }

    private void Aggregate(FeedEvent change)
    {
        switch (change.Kind)
        {
            case FeedKind.Risk when change.Decision is { } decision:
                if (change.PreviousDecision != decision)
                {
                    if (change.PreviousDecision is { } previous)
                    {
                        _decisions[Names.Of(previous)] = Math.Max(0, _decisions.GetValueOrDefault(Names.Of(previous)) - 1);
                    }

                    _decisions[Names.Of(decision)] = _decisions.GetValueOrDefault(Names.Of(decision)) + 1;
                }

                UpdateTop(new TopSeller(change.SubjectId, change.Score ?? 0, decision, change.Band ?? Band.Low, change.At));
                break;

            case FeedKind.Listing when change.Status == ListingStatus.Removed:
                var minute = change.At.ToUnixTimeSeconds() / 60;
                _removalsPerMinute[minute] = _removalsPerMinute.GetValueOrDefault(minute) + 1;
                break;
        }
    }

    private void UpdateTop(TopSeller seller)
    {
        if (_top.Remove(seller.SellerId, out var known))
        {
            _topOrder.Remove((known.Score, known.SellerId));
        }

        if (_top.Count >= TopCapacity && _topOrder.Min.Score >= seller.Score)
        {
            return;
        }

        _top[seller.SellerId] = seller;
        _topOrder.Add((seller.Score, seller.SellerId));
        if (_top.Count > TopCapacity)
        {
            var lowest = _topOrder.Min;
            _topOrder.Remove(lowest);
            _top.Remove(lowest.SellerId);
        }
    }

    private void Trim()
    {
        var now = clock.UtcNow.ToUnixTimeSeconds();
        if (_perSecond.Count > 180)
        {
            foreach (var old in _perSecond.Keys.Where(s => s < now - 120).ToList())
            {
                _perSecond.Remove(old);
            }
        }

        if (_removalsPerMinute.Count > 90)
        {
            foreach (var old in _removalsPerMinute.Keys.Where(m => m < (now / 60) - 61).ToList())
            {
                _removalsPerMinute.Remove(old);
            }
        }
    }
}
