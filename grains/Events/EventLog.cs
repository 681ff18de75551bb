using System.IO.Hashing;
using System.Text;
using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Options;

namespace IpGuard.Grains;

/// <summary>
/// The durable, ordered event log, split into partitions by subject: appends from many grains
/// spread over them (no hot grain or key), and a subject's events stay in one partition, in order.
/// </summary>
public sealed class EventLog(IEventStore store, IOptions<EventLogOptions> options, EventMetrics metrics, RiskClock clock)
{
    public int Partitions => options.Value.Partitions;

    /// <inheritdoc cref="IEventStore.AppendsWithStateWrites"/>
    public bool AppendsWithStateWrites => store.AppendsWithStateWrites;

    /// <summary>How long the log keeps events.</summary>
    public TimeSpan Retention => options.Value.Retention;

    /// <summary>Counts events a state write appended (<see cref="AppendsWithStateWrites"/>).</summary>
    public void Appended(IReadOnlyList<LoggedEvent> events) => metrics.Appended(events);

    public int PartitionOf(string subject) =>
        (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(subject)) % (uint)Partitions);

    /// <summary>Appends events in order (a grain's events share one subject, hence one partition).</summary>
    public async Task AppendAsync(IReadOnlyList<LoggedEvent> events)
    {
        var retention = options.Value.Retention;
        var first = PartitionOf(events[0].Subject);
        if (events.All(e => PartitionOf(e.Subject) == first))
        {
            await store.AppendAsync(first, events, retention);
        }
        else
        {
            await Task.WhenAll(events.GroupBy(e => PartitionOf(e.Subject)).Select(g => store.AppendAsync(g.Key, [.. g], retention)));
        }

        metrics.Appended(events);
    }

    public Task<PartitionRange> RangeAsync(int partition, StreamPosition after, int count) => store.RangeAsync(partition, after, count);

    public Task MarkStagedAsync(GrainId grain) => store.MarkStagedAsync(grain.ToString(), clock.UtcNow);

    public Task ClearStagedAsync(GrainId grain) => store.ClearStagedAsync(grain.ToString());

    public Task<IReadOnlyList<string>> StagedBeforeAsync(DateTimeOffset before, int max) => store.StagedBeforeAsync(before, max);
}
