using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>Where the event log's partitions live: Redis streams, or partition grains in memory.</summary>
public interface IEventStore
{
    /// <summary>Appends events to a partition in order, trimming what is older than the retention.</summary>
    Task AppendAsync(int partition, IReadOnlyList<LoggedEvent> events, TimeSpan retention);

    /// <summary>Up to <paramref name="count"/> entries after a position, the newest trimmed position and the last id.</summary>
    Task<PartitionRange> RangeAsync(int partition, StreamPosition after, int count);
}
