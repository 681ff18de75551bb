namespace IpGuard.GrainInterfaces;

/// <summary>
/// A page request on the log: after a cursor (null: from the oldest kept), at most
/// <see cref="Limit"/> events, of <see cref="Types"/> (empty: all), and when
/// <see cref="Brands"/> is set, only listing.status_changed of those brands' listings.
/// </summary>
[GenerateSerializer, Immutable, Alias("ipguard.EventQuery")]
public sealed record EventQuery(
    [property: Id(0)] string? After,
    [property: Id(1)] int Limit,
    [property: Id(2)] IReadOnlyList<string> Types,
    [property: Id(3)] IReadOnlyList<string>? Brands);

/// <summary>What a page request found.</summary>
public enum EventPageStatus { Ok, BadCursor, Gone }

/// <summary>A page of the log, oldest first; <see cref="Next"/> continues after it.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.EventPage")]
public sealed record EventPage(
    [property: Id(0)] EventPageStatus Status,
    [property: Id(1)] IReadOnlyList<LogEntry> Items,
    [property: Id(2)] string Next);
