namespace IpGuard.GrainInterfaces;

/// <summary>Where a policy version stands.</summary>
public enum PolicyStatus { Draft, Active, Shadow, Retired }

/// <summary>A policy version as the list shows it.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.PolicyItem")]
public sealed record PolicyItem(
    [property: Id(0)] string Version,
    [property: Id(1)] PolicyStatus Status,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] string? Note);

/// <summary>Every policy version, the active one and the shadow one (if any).</summary>
[GenerateSerializer, Immutable, Alias("ipguard.PolicyList")]
public sealed record PolicyList(
    [property: Id(0)] string Active,
    [property: Id(1)] string? Shadow,
    [property: Id(2)] IReadOnlyList<PolicyItem> Items,
    [property: Id(3)] DateTimeOffset? ShadowSince = null);

/// <summary>A stored policy version: its document (normalized JSON) and status.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.PolicyRecord")]
public sealed record PolicyRecord(
    [property: Id(0)] PolicyItem Item,
    [property: Id(1)] string Document,
    [property: Id(2)] DateTimeOffset? ShadowSince);

/// <summary>What a registry write did.</summary>
public enum PolicyChangeOutcome { Created, Updated, Unchanged, NotFound, Immutable, Conflict }

/// <summary>A registry write's outcome, a sentence saying why when refused, and the list after it.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.PolicyChange")]
public sealed record PolicyChange(
    [property: Id(0)] PolicyChangeOutcome Outcome,
    [property: Id(1)] string? Detail,
    [property: Id(2)] PolicyList List);

/// <summary>A policy version's document, as the silos load it.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.PolicyDocumentRef")]
public sealed record PolicyDocumentRef(
    [property: Id(0)] string Version,
    [property: Id(1)] string Document);

/// <summary>The documents each silo scores with: the active one, and the shadow one if any.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.PolicySnapshot")]
public sealed record PolicySnapshot(
    [property: Id(0)] long Generation,
    [property: Id(1)] PolicyDocumentRef Active,
    [property: Id(2)] PolicyDocumentRef? Shadow);
