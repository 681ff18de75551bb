using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>Where the event log's partitions live: Redis streams, or partition grains in memory.</summary>
public interface IEventStore
{
    /// <summary>
    /// The grain storage appends a write's staged events in the same step as it stores the state,
    /// so neither exists without the other and no mark or later append is needed.
    /// </summary>
    bool AppendsWithStateWrites => false;

    /// <summary>Appends events to a partition in order, trimming what is older than the retention.</summary>
    Task AppendAsync(int partition, IReadOnlyList<LoggedEvent> events, TimeSpan retention);

    /// <summary>Up to <paramref name="count"/> entries after a position, the newest trimmed position and the last id.</summary>
    Task<PartitionRange> RangeAsync(int partition, StreamPosition after, int count);

    /// <summary>
    /// Notes, before the write that stages them, that a grain holds events not yet appended, so
    /// that after a crash they are appended even if nothing calls the grain again.
    /// </summary>
    Task MarkStagedAsync(string grainId, DateTimeOffset at);

    /// <summary>The grain's staged events are all appended.</summary>
    Task ClearStagedAsync(string grainId);

    /// <summary>Grains marked before <paramref name="before"/> and not cleared since (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<string>> StagedBeforeAsync(DateTimeOffset before, int max);
}
