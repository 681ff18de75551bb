namespace IpGuard.GrainInterfaces;

/// <summary>
/// One event of the durable log. <see cref="Id"/> is "{subject}:{n}", the subject's n-th event,
/// so a replay of an outbox carries the same id. <see cref="Subject"/> ("seller:{id}",
/// "listing:{id}", "case:{id}") picks the partition and is the unit of ordering. <see cref="Data"/>
/// is the event's data in the contract's JSON; <see cref="BrandId"/> lets brand keys see their listings.
/// </summary>
[GenerateSerializer, Immutable, Alias("ipguard.LoggedEvent")]
public sealed record LoggedEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Subject,
    [property: Id(4)] string? BrandId,
    [property: Id(5)] string Data);

/// <summary>An event as read from the log, with the cursor that continues right after it.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.LogEntry")]
public sealed record LogEntry(
    [property: Id(0)] LoggedEvent Event,
    [property: Id(1)] string After);
