using System.Collections.Concurrent;

namespace IpGuard.LoadGen.Measurement;

/// <summary>
/// Everything measured about one kind of request (ingest batches, checkout queries, pings…):
/// latency, requests, accepted events, errors by status, and a point per interval for the
/// timeline. Senders record from any thread; one sampler takes the intervals. A meter with a
/// parent also counts into it (the market's kinds of event into its total).
/// </summary>
internal sealed class KindMeter(string name, KindMeter? parent = null)
{
    private readonly LatencyRecorder _latency = new();
    private readonly LatencyRecorder _service = new();
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly List<TimelinePoint> _timeline = [];
    private long _requests;
    private long _events;
    private long _failed;
    private long _sampledRequests;
    private long _sampledEvents;
    private long _sampledFailed;

    public string Name { get; } = name;

    public long Requests => Interlocked.Read(ref _requests);

    public long Events => Interlocked.Read(ref _events);

    public long Failed => Interlocked.Read(ref _failed);

    public IReadOnlyDictionary<string, long> Errors => new SortedDictionary<string, long>(_errors, StringComparer.Ordinal);

    public IReadOnlyList<TimelinePoint> Timeline
    {
        get
        {
            lock (_timeline)
            {
                return [.. _timeline];
            }
        }
    }

    /// <summary>Latency counted from each request's intended send time (no coordinated omission).</summary>
    public LatencyRecorder Latency => _latency;

    /// <summary>
    /// Latency counted from the moment each request was actually sent: what the service took,
    /// without the time a request spent due but unsent (waiting for a free slot, or for the
    /// generator's own timer, ~1 ms a tick, which on a shared box is not the service's doing).
    /// </summary>
    public LatencyRecorder ServiceLatency => _service;

    /// <summary>Records one finished request, its latency counted from its intended send time (and from its actual send, when later).</summary>
    public void Record(Outcome outcome, TimeSpan latency, TimeSpan? fromSend = null)
    {
        parent?.Record(outcome, latency, fromSend);
        _latency.Record(latency);
        _service.Record(fromSend ?? latency);
        Interlocked.Increment(ref _requests);
        if (outcome.Ok)
        {
            Interlocked.Add(ref _events, outcome.Events);
        }
        else
        {
            Interlocked.Increment(ref _failed);
            CountError(outcome.Error ?? "error");
        }

        if (outcome.ItemErrors is { } items)
        {
            foreach (var (status, count) in items)
            {
                CountError(status, count);
            }
        }
    }

    /// <summary>Requests that were due but never sent, because the run ended too far behind its schedule.</summary>
    public void Unsent(long count)
    {
        if (count > 0)
        {
            parent?.Unsent(count);
            CountError("unsent", count);
        }
    }

    public void CountError(string status, long count = 1) => _errors.AddOrUpdate(status, count, (_, c) => c + count);

    /// <summary>Closes the interval that ends at <paramref name="at"/> (from the run's start) as a point of the timeline.</summary>
    public TimelinePoint Sample(TimeSpan at, TimeSpan length)
    {
        var latency = _latency.TakeInterval();
        _service.TakeInterval();
        var requests = Requests;
        var events = Events;
        var failed = Failed;
        var seconds = Math.Max(length.TotalSeconds, 1e-6);
        var point = new TimelinePoint(
            Math.Round(at.TotalSeconds, 3),
            Math.Round((requests - _sampledRequests) / seconds, 1),
            Math.Round((events - _sampledEvents) / seconds, 1),
            failed - _sampledFailed,
            latency.P50,
            latency.P90,
            latency.P99,
            latency.Max);
        _sampledRequests = requests;
        _sampledEvents = events;
        _sampledFailed = failed;
        lock (_timeline)
        {
            _timeline.Add(point);
        }

        return point;
    }
}
