using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using Microsoft.Extensions.Options;

namespace IpGuard.Grains;

/// <summary>
/// The policy versions. The configured policy (<c>IpGuard:Policy</c>, whose defaults are the
/// shipped one) is the first version and starts active; a configured version the registry does
/// not know yet is added as a draft, so a restart with new settings never changes the active
/// version behind the admins' back. Every write answers after it is stored, and the audit
/// entry is written by the caller, who knows the actor's request.
/// </summary>
[GrainType("policy-registry")]
internal sealed class PolicyRegistryGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<PolicyRegistryState> state,
    IOptions<RiskPolicy> configured,
    RiskClock clock) : DurableGrain<PolicyRegistryState>(state), IPolicyRegistryGrain
{
    private PolicyRegistryState S => State;

    /// <summary>What long polls answer: the last stored generation, never one still being written.</summary>
    private PolicySnapshot? _stored;
    private TaskCompletionSource _storedChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var policy = configured.Value;
        if (S.Versions.ContainsKey(policy.Version))
        {
            Stored();
            return;
        }

        S.Versions[policy.Version] = new PolicyEntry
        {
            Document = PolicyDocument.Serialize(policy, "from configuration (IpGuard:Policy)"),
            Note = "from configuration (IpGuard:Policy)",
            CreatedAt = clock.UtcNow,
        };
        if (S.Active is null)
        {
            S.Active = policy.Version;
            S.Versions[policy.Version].Used = true;
            S.Generation++;
        }

        await PersistAsync();
        Stored();
    }

    public Task<PolicyList> List() => Task.FromResult(ListOf());

    public Task<PolicyRecord?> Get(string version) =>
        Task.FromResult(S.Versions.TryGetValue(version, out var entry) ? new PolicyRecord(Item(version, entry), entry.Document, entry.ShadowSince) : null);

    public async Task<PolicyChange> Put(string version, string document, string? note)
    {
        if (S.Versions.TryGetValue(version, out var entry))
        {
            if (entry.Used)
            {
                return Refused(PolicyChangeOutcome.Immutable, $"policy version '{version}' was {(version == S.Active ? "active" : version == S.Shadow ? "in shadow" : "active or in shadow")} and can no longer change; write a new version");
            }

            if (entry.Document == document && entry.Note == note)
            {
                return new PolicyChange(PolicyChangeOutcome.Unchanged, null, ListOf());
            }

            entry.Document = document;
            entry.Note = note;
            await PersistAsync();
            return new PolicyChange(PolicyChangeOutcome.Updated, null, ListOf());
        }

        S.Versions[version] = new PolicyEntry { Document = document, Note = note, CreatedAt = clock.UtcNow };
        await PersistAsync();
        return new PolicyChange(PolicyChangeOutcome.Created, null, ListOf());
    }

    public async Task<PolicyChange> Activate(string version)
    {
        if (!S.Versions.TryGetValue(version, out var entry))
        {
            return Refused(PolicyChangeOutcome.NotFound, $"policy version '{version}' does not exist");
        }

        if (S.Active == version)
        {
            return new PolicyChange(PolicyChangeOutcome.Unchanged, null, ListOf());
        }

        entry.Used = true;
        S.Active = version;
        if (S.Shadow == version)
        {
            // Promoted: it no longer runs beside itself.
            S.Shadow = null;
            S.ShadowSince = null;
        }

        S.Generation++;
        await PersistAsync();
        Stored();
        return new PolicyChange(PolicyChangeOutcome.Updated, null, ListOf());
    }

    public async Task<PolicyChange> Shadow(string version)
    {
        if (!S.Versions.TryGetValue(version, out var entry))
        {
            return Refused(PolicyChangeOutcome.NotFound, $"policy version '{version}' does not exist");
        }

        if (S.Active == version)
        {
            return Refused(PolicyChangeOutcome.Conflict, $"policy version '{version}' is the active one; shadow another version");
        }

        if (S.Shadow == version)
        {
            return new PolicyChange(PolicyChangeOutcome.Unchanged, null, ListOf());
        }

        var now = clock.UtcNow;
        entry.Used = true;
        entry.ShadowSince ??= now;
        S.Shadow = version;
        S.ShadowSince = now;
        S.Generation++;
        await PersistAsync();
        Stored();
        return new PolicyChange(PolicyChangeOutcome.Updated, null, ListOf());
    }

    public async Task<PolicyChange> StopShadow()
    {
        if (S.Shadow is null)
        {
            return new PolicyChange(PolicyChangeOutcome.Unchanged, null, ListOf());
        }

        S.Shadow = null;
        S.ShadowSince = null;
        S.Generation++;
        await PersistAsync();
        Stored();
        return new PolicyChange(PolicyChangeOutcome.Updated, null, ListOf());
    }

    public Task<PolicySnapshot?> GetSnapshot(long knownGeneration)
    {
        if (knownGeneration == S.Generation || S.Active is null)
        {
            return Task.FromResult<PolicySnapshot?>(null);
        }

        return Task.FromResult<PolicySnapshot?>(Snapshot());
    }

    public async Task<PolicySnapshot?> WaitSnapshot(long knownGeneration, TimeSpan wait)
    {
        // Interleaved with writes: it reads only what a finished write published.
        if (_stored is { } now && now.Generation != knownGeneration)
        {
            return now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.WhenAny(_storedChanged.Task, Task.Delay(wait));
        }

        return _stored is { } next && next.Generation != knownGeneration ? next : null;
    }

    private PolicySnapshot Snapshot()
    {
        var shadow = S.Shadow is { } s ? new PolicyDocumentRef(s, S.Versions[s].Document) : null;
        return new PolicySnapshot(S.Generation, new PolicyDocumentRef(S.Active!, S.Versions[S.Active!].Document), shadow);
    }

    /// <summary>Publishes the state just written to the long polls, and wakes them.</summary>
    private void Stored()
    {
        if (S.Active is null)
        {
            return;
        }

        _stored = Snapshot();
        var changed = _storedChanged;
        _storedChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private PolicyChange Refused(PolicyChangeOutcome outcome, string detail) => new(outcome, detail, ListOf());

    private PolicyList ListOf() => new(
        S.Active ?? configured.Value.Version,
        S.Shadow,
        [.. S.Versions.OrderBy(v => v.Value.CreatedAt).ThenBy(v => v.Key, StringComparer.Ordinal).Select(v => Item(v.Key, v.Value))],
        S.ShadowSince);

    private PolicyItem Item(string version, PolicyEntry entry) => new(
        version,
        version == S.Active ? PolicyStatus.Active : version == S.Shadow ? PolicyStatus.Shadow : entry.Used ? PolicyStatus.Retired : PolicyStatus.Draft,
        entry.CreatedAt,
        entry.Note);
}
