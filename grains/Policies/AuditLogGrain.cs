using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>The audit log's durable state: the newest entries, and the next id. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.AuditLogState")]
internal sealed class AuditLogState
{
    [Id(0)] public long LastId { get; set; }
    [Id(1)] public List<AuditEntry> Entries { get; set; } = [];
}

/// <summary>
/// The global audit log. Administrative acts come a few a minute, so one grain holding the
/// newest <see cref="Capacity"/> entries is enough; ids keep rising after old entries go.
/// </summary>
[GrainType("audit-log")]
internal sealed class AuditLogGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<AuditLogState> state,
    RiskClock clock) : DurableGrain<AuditLogState>(state), IAuditLogGrain
{
    public const int Capacity = 20_000;

    public async Task<AuditEntry> Append(string actor, string action, string subject, string? detail)
    {
        var entry = new AuditEntry(++State.LastId, clock.UtcNow, actor, action, subject, detail);
        State.Entries.Add(entry);
        if (State.Entries.Count > Capacity)
        {
            State.Entries.RemoveRange(0, State.Entries.Count - Capacity);
        }

        await PersistAsync();
        return entry;
    }

    public Task<AuditPage> Read(long after, int limit)
    {
        var entries = State.Entries;
        var start = entries.BinarySearch(new AuditEntry(after, default, "", "", "", null), Comparer<AuditEntry>.Create((a, b) => a.Id.CompareTo(b.Id)));
        start = start >= 0 ? start + 1 : ~start;
        var items = entries.Skip(start).Take(limit).ToList();
        long? next = items.Count > 0 ? items[^1].Id : after > 0 ? after : null;
        return Task.FromResult(new AuditPage(items, next));
    }
}
