using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>One shard of the moderators' case queue.</summary>
[GrainType("case-queue")]
[Reentrant] // Every method changes state without awaiting first, so openings interleave and share writes.
internal sealed class CaseQueueGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<CaseQueueState> state,
    RiskClock clock) : DurableGrain, ICaseQueueGrain
{
    /// <summary>Resolved cases a shard keeps listing (256 shards: 8,192 in all).</summary>
    public const int ResolvedCapacity = 32;

    /// <summary>How many of the shard's cases are resolved; counted on first use, then kept.</summary>
    private int? _resolved;

    public async Task Upsert(CaseView view)
    {
        var cases = state.State.Cases;
        var known = cases.GetValueOrDefault(view.CaseId);
        if (known is not null && known.Status == view.Status && known.Assignee == view.Assignee)
        {
            return;
        }

        _resolved ??= cases.Values.Count(c => c.Status == CaseStatus.Resolved);
        _resolved += (view.Status == CaseStatus.Resolved ? 1 : 0) - (known?.Status == CaseStatus.Resolved ? 1 : 0);
        cases[view.CaseId] = view;
        if (_resolved > ResolvedCapacity)
        {
            // Rare (a resolution past capacity), so the scan is paid once per resolved case, not per opening.
            var resolved = cases.Values.Where(c => c.Status == CaseStatus.Resolved).OrderBy(c => c.Resolution?.At).ToList();
            foreach (var old in resolved.Take(resolved.Count - ResolvedCapacity))
            {
                cases.Remove(old.CaseId);
            }

            _resolved = ResolvedCapacity;
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
