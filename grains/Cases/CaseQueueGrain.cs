using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>One shard of the moderators' case queue.</summary>
[GrainType("case-queue")]
[Reentrant] // Every method changes state without awaiting first, so openings interleave and share writes.
internal sealed class CaseQueueGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<CaseQueueState> state,
    RiskClock clock) : DurableGrain, ICaseQueueGrain
{
    /// <summary>Resolved cases a shard keeps listing.</summary>
    public const int ResolvedCapacity = 1000;

    public async Task Upsert(CaseView view)
    {
        if (state.State.Cases.TryGetValue(view.CaseId, out var known) && known.Status == view.Status && known.Assignee == view.Assignee)
        {
            return;
        }

        state.State.Cases[view.CaseId] = view;
        var resolved = state.State.Cases.Values.Where(c => c.Status == CaseStatus.Resolved).ToList();
        if (resolved.Count > ResolvedCapacity)
        {
            foreach (var old in resolved.OrderBy(c => c.Resolution?.At).Take(resolved.Count - ResolvedCapacity))
            {
                state.State.Cases.Remove(old.CaseId);
            }
        }

        await PersistAsync(state);
    }

    public Task<IReadOnlyList<CaseView>> List(CaseStatus status, int limit)
    {
        var now = clock.UtcNow;
        IReadOnlyList<CaseView> items = state.State.Cases.Values
            .Where(c => c.Status == status)
            .Select(c => c with { Priority = CaseView.PriorityOf(c.Score, c.OpenedAt, now) })
            .OrderByDescending(c => c.Priority).ThenBy(c => c.OpenedAt)
            .Take(limit)
            .ToList();
        return Task.FromResult(items);
    }

    public Task<int> CountOpen() => Task.FromResult(state.State.Cases.Values.Count(c => c.Status != CaseStatus.Resolved));
}
