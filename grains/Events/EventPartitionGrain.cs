using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Options;

namespace IpGuard.Grains;

/// <summary>
/// One partition of the in-memory log: a Redis stream's semantics (ids "ms-seq", increasing,
/// trimmed by age and by a bound) without Redis. Lost with the silo, as all memory state is;
/// never collected while the silo runs, for that would lose it too.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed class EventPartitionGrain(RiskClock clock, IOptions<EventLogOptions> options) : Grain, IEventPartitionGrain
{
    private readonly List<PartitionEntry> _entries = [];
    private int _head;
    private StreamPosition _last;
    private StreamPosition _trimmed;

    public Task Append(IReadOnlyList<LoggedEvent> events, TimeSpan retention)
    {
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        foreach (var e in events)
        {
            _last = now > _last.Ms ? new StreamPosition(now, 0) : new StreamPosition(_last.Ms, _last.Seq + 1);
            _entries.Add(new PartitionEntry(_last, e));
        }

        var minMs = now - (long)retention.TotalMilliseconds;
        while (_head < _entries.Count && (_entries[_head].Position.Ms < minMs || _entries.Count - _head > options.Value.MemoryCapacity))
        {
            _trimmed = _entries[_head].Position;
            _head++;
        }

        if (_head > 4096 && _head > _entries.Count / 2)
        {
            _entries.RemoveRange(0, _head);
            _head = 0;
        }

        return Task.CompletedTask;
    }

    public Task<PartitionRange> Range(StreamPosition after, int count)
    {
        // Entries are sorted by position: find the first after the position by binary search.
        int lo = _head, hi = _entries.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_entries[mid].Position <= after)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var take = Math.Min(count, _entries.Count - lo);
        return Task.FromResult(new PartitionRange(_entries.GetRange(lo, take), _trimmed, _last));
    }
}
