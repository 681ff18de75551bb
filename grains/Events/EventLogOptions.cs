using System.ComponentModel.DataAnnotations;

namespace IpGuard.Grains;

/// <summary>The durable event log (section <c>IpGuard:Events</c>).</summary>
public sealed class EventLogOptions
{
    public const string Section = "IpGuard:Events";

    /// <summary>How long events are kept; a cursor older than this gets 410.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How many streams the log is split into, by subject: appends spread over them, and events
    /// about one subject stay in one, in order. Changing it invalidates existing cursors.
    /// </summary>
    [Range(1, 256)]
    public int Partitions { get; set; } = 16;

    /// <summary>
    /// The memory store's bound per partition (no Redis, development), beside the retention: the
    /// newest 10,000 events a partition, ~160,000 in all, some 100 MB at most.
    /// </summary>
    [Range(1000, 10_000_000)]
    public int MemoryCapacity { get; set; } = 10_000;

    /// <summary>How often a silo looks for grains that staged events and died before appending them.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsValid() => Retention > TimeSpan.Zero && SweepInterval > TimeSpan.Zero && Partitions is >= 1 and <= 256 && MemoryCapacity >= 1000;
}
