namespace IpGuard.GrainInterfaces;

/// <summary>One administrative act: who did what to which subject, when.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Action,
    [property: Id(4)] string Subject,
    [property: Id(5)] string? Detail);

/// <summary>A page of the audit log, oldest first, and the id to continue after.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Items,
    [property: Id(1)] long? Next);

/// <summary>
/// The global audit log of administrative acts (policy writes, activations, shadow changes,
/// brand registry changes, keys minted, overrides, case resolutions). These come at admin rate,
/// never per ingested event, so one grain holds them.
/// </summary>
[Alias("ipguard.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>The one key this grain is used with.</summary>
    public const string Key = "audit";

    /// <summary>Appends an entry, durably, and answers it with its id.</summary>
    [Alias("Append")]
    Task<AuditEntry> Append(string actor, string action, string subject, string? detail);

    /// <summary>Up to limit entries with an id above after, oldest first.</summary>
    [Alias("Read"), ReadOnly]
    Task<AuditPage> Read(long after, int limit);
}
