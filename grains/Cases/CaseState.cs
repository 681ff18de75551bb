using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>A review case's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.CaseState")]
internal sealed class CaseState : IEventSource
{
    [Id(0)] public CaseOpening? Opening { get; set; }
    [Id(1)] public CaseStatus Status { get; set; }
    [Id(2)] public string? Assignee { get; set; }
    [Id(3)] public CaseResolution? Resolution { get; set; }

    /// <summary>Outbox: the resolution's effects have not all been confirmed.</summary>
    [Id(4)] public bool EffectsPending { get; set; }

    /// <summary>The number of the case's last event in the log (<see cref="IEventSource"/>).</summary>
    [Id(5)] public long EventSeq { get; set; }

    /// <summary>Outbox: events written with the state and not yet confirmed appended to the log. Null when none.</summary>
    [Id(6)] public List<LoggedEvent>? PendingEvents { get; set; }

    /// <summary>Not stored: see <see cref="IEventSource.Appending"/>.</summary>
    [field: NonSerialized]
    public List<LoggedEvent>? Appending { get; set; }
}

/// <summary>One page of a queue shard's cases (<see cref="PagedRecords{TPage}"/>); before paging, the shard's whole state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.CaseQueueState")]
internal sealed class CaseQueueState
{
    [Id(0)] public Dictionary<string, CaseView> Cases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The page's cases opened through the queue that their grain has not taken over, by their opening alone (not in <see cref="Cases"/>). Null while none.</summary>
    [Id(1)] public Dictionary<string, CaseOpening>? Openings { get; set; }
}
