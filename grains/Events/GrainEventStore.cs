using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>The log in partition grains' memory, for a silo without Redis (development, tests).</summary>
internal sealed class GrainEventStore(IGrainFactory grains) : IEventStore
{
    public Task AppendAsync(int partition, IReadOnlyList<LoggedEvent> events, TimeSpan retention) =>
        grains.GetGrain<IEventPartitionGrain>(partition).Append(events, retention);

    public Task<PartitionRange> RangeAsync(int partition, StreamPosition after, int count) =>
        grains.GetGrain<IEventPartitionGrain>(partition).Range(after, count);

    // In memory, a crash loses the grains' state with their outboxes: there is nothing to recover.
    public Task MarkStagedAsync(string grainId, DateTimeOffset at) => Task.CompletedTask;

    public Task ClearStagedAsync(string grainId) => Task.CompletedTask;

    public Task<IReadOnlyList<string>> StagedBeforeAsync(DateTimeOffset before, int max) => Task.FromResult<IReadOnlyList<string>>([]);
}
