using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// Reads pages of the log: each partition from the cursor's position, merged by stream id
/// (then partition), so that a page and its cursor are the same whoever reads them. A subject's
/// events are in one partition, so they come in the order they were appended.
/// </summary>
// Idle workers stay until collected by age: proactive removal keeps a 500 ms timer running.
[StatelessWorker(-1, removeIdleWorkers: false)]
internal sealed class EventReaderGrain(EventLog log) : Grain, IEventReaderGrain
{
    /// <summary>Rounds of reading when filters left a page empty: bounded work per request.</summary>
    private const int MaxRounds = 4;

    public async Task<EventPage> Read(EventQuery query)
    {
        var n = log.Partitions;
        StreamPosition[] positions;
        if (query.After is null)
        {
            positions = new StreamPosition[n];
        }
        else if (!EventCursor.TryDecode(query.After, n, out positions))
        {
            return new EventPage(EventPageStatus.BadCursor, [], query.After);
        }

        var items = new List<LogEntry>();
        var perPartition = Math.Min(query.Limit, (2 * query.Limit / n) + 16);
        for (var round = 0; round < MaxRounds && items.Count == 0; round++)
        {
            var ranges = await Task.WhenAll(Enumerable.Range(0, n).Select(p => log.RangeAsync(p, positions[p], perPartition)));
            for (var p = 0; p < n; p++)
            {
                if (positions[p] < ranges[p].Trimmed)
                {
                    // From the oldest kept: start where trimming left off. Else events the reader
                    // never saw were trimmed: the cursor is past retention.
                    if (query.After is not null)
                    {
                        return new EventPage(EventPageStatus.Gone, [], query.After);
                    }

                    positions[p] = ranges[p].Trimmed;
                }
            }

            if (Merge(ranges, positions, perPartition, query, items) == 0)
            {
                break;
            }
        }

        return new EventPage(EventPageStatus.Ok, items, EventCursor.Encode(positions));
    }

    public async Task<string> Tail()
    {
        var ranges = await Task.WhenAll(Enumerable.Range(0, log.Partitions).Select(p => log.RangeAsync(p, StreamPosition.Zero, 0)));
        return EventCursor.Encode([.. ranges.Select(r => r.Last)]);
    }

    /// <summary>
    /// Takes entries in (position, partition) order until the limit, or until a partition whose
    /// read was full runs out (its next entry is unknown, and might come first). Returns how many
    /// entries were taken, kept or filtered out.
    /// </summary>
    private static int Merge(PartitionRange[] ranges, StreamPosition[] positions, int perPartition, EventQuery query, List<LogEntry> items)
    {
        var next = new int[ranges.Length];
        var taken = 0;
        while (items.Count < query.Limit)
        {
            var best = -1;
            for (var p = 0; p < ranges.Length; p++)
            {
                var entries = ranges[p].Entries;
                if (next[p] == entries.Count)
                {
                    if (entries.Count == perPartition)
                    {
                        return taken;
                    }

                    continue;
                }

                if (best < 0 || entries[next[p]].Position < ranges[best].Entries[next[best]].Position)
                {
                    best = p;
                }
            }

            if (best < 0)
            {
                return taken;
            }

            var entry = ranges[best].Entries[next[best]++];
            positions[best] = entry.Position;
            taken++;
            if (Wanted(entry.Event, query))
            {
                items.Add(new LogEntry(entry.Event, EventCursor.Encode(positions)));
            }
        }

        return taken;
    }

    private static bool Wanted(LoggedEvent e, EventQuery query) =>
        (query.Types.Count == 0 || query.Types.Contains(e.Type, StringComparer.Ordinal))
        && (query.Brands is null
            || (e.Type == EventTypes.ListingStatusChanged && e.BrandId is not null && query.Brands.Contains(e.BrandId, StringComparer.Ordinal)));
}
