namespace IpGuard.GrainInterfaces;

/// <summary>
/// One partition of the event log when the silo keeps state in memory (no Redis): the same
/// stream semantics as a Redis stream (ids "ms-seq", trimmed by age), held in this grain's memory.
/// </summary>
[Alias("ipguard.IEventPartitionGrain")]
public interface IEventPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>Appends events in order; entries older than the retention are trimmed.</summary>
    [Alias("Append")]
    Task Append(IReadOnlyList<LoggedEvent> events, TimeSpan retention);

    /// <summary>Up to <paramref name="count"/> entries after a position, and the newest trimmed position.</summary>
    [Alias("Range"), ReadOnly]
    Task<PartitionRange> Range(StreamPosition after, int count);
}

/// <summary>A position in a partition: a Redis stream id "ms-seq".</summary>
[GenerateSerializer, Immutable, Alias("ipguard.StreamPosition")]
public readonly record struct StreamPosition([property: Id(0)] long Ms, [property: Id(1)] long Seq) : IComparable<StreamPosition>
{
    public static StreamPosition Zero => default;

    public int CompareTo(StreamPosition other) => Ms != other.Ms ? Ms.CompareTo(other.Ms) : Seq.CompareTo(other.Seq);

    public static bool operator <(StreamPosition a, StreamPosition b) => a.CompareTo(b) < 0;

    public static bool operator >(StreamPosition a, StreamPosition b) => a.CompareTo(b) > 0;

    public static bool operator <=(StreamPosition a, StreamPosition b) => a.CompareTo(b) <= 0;

    public static bool operator >=(StreamPosition a, StreamPosition b) => a.CompareTo(b) >= 0;

    public override string ToString() => FormattableString.Invariant($"{Ms}-{Seq}");

    public static bool TryParse(string? text, out StreamPosition position)
    {
        position = default;
        var dash = text?.IndexOf('-') ?? -1;
        if (dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            || !long.TryParse(text.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        position = new StreamPosition(ms, seq);
        return true;
    }
}

/// <summary>Entries of one partition after a position, with the newest position trimmed away (Zero if none).</summary>
[GenerateSerializer, Immutable, Alias("ipguard.PartitionRange")]
public sealed record PartitionRange(
    [property: Id(0)] IReadOnlyList<PartitionEntry> Entries,
    [property: Id(1)] StreamPosition Trimmed,
    [property: Id(2)] StreamPosition Last);

/// <summary>An event at its position in a partition.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.PartitionEntry")]
public sealed record PartitionEntry([property: Id(0)] StreamPosition Position, [property: Id(1)] LoggedEvent Event);
