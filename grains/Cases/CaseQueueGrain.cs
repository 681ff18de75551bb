using IpGuard.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>
/// One shard of the moderators' case queue. Its cases are paged (<see cref="CaseQueuePages"/>):
/// a change writes the page holding the case, not the whole shard.
/// </summary>
[GrainType("case-queue")]
[Reentrant] // Every method changes state without awaiting first, so openings interleave and share writes.
internal sealed class CaseQueueGrain(RiskClock clock) : Grain, ICaseQueueGrain
{
    /// <summary>Resolved cases a shard keeps listing (256 shards: 8,192 in all).</summary>
    public const int ResolvedCapacity = 32;

    private CaseQueuePages _pages = null!;

    /// <summary>How many of the shard's cases are resolved; counted on first use, then kept.</summary>
    private int? _resolved;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pages = new CaseQueuePages(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default), this.GetGrainId());
        return _pages.LoadAsync();
    }

    public async Task Upsert(CaseView view)
    {
        var known = _pages.Get(view.CaseId);
        if (known is not null && known.Status == view.Status && known.Assignee == view.Assignee)
        {
            return;
        }

        _resolved ??= _pages.All.Count(c => c.Status == CaseStatus.Resolved);
        _resolved += (view.Status == CaseStatus.Resolved ? 1 : 0) - (known?.Status == CaseStatus.Resolved ? 1 : 0);
        var page = _pages.Set(view);
        HashSet<int>? pruned = null;
        if (_resolved > ResolvedCapacity)
        {
            // Rare (a resolution past capacity), so the scan is paid once per resolved case, not per opening.
            var resolved = _pages.All.Where(c => c.Status == CaseStatus.Resolved).OrderBy(c => c.Resolution?.At).ToList();
            pruned = [.. resolved.Take(resolved.Count - ResolvedCapacity).Select(old => _pages.Remove(old.CaseId))];
            pruned.Remove(page);
            _resolved = ResolvedCapacity;
        }

        try
        {
            await (pruned is { Count: > 0 } ? Task.WhenAll(pruned.Append(page).Select(_pages.WriteAsync)) : _pages.WriteAsync(page));
        }
        catch (Exception)
        {
            // Whether the page was written is unknown (its ETag with it): the next activation reads
            // what storage holds, and the case's subject sends it again until it is confirmed.
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<IReadOnlyList<CaseView>> List(CaseStatus status, int limit)
    {
        var now = clock.UtcNow;
        IReadOnlyList<CaseView> items = _pages.All
            .Where(c => c.Status == status)
            .Select(c => c with { Priority = CaseView.PriorityOf(c.Score, c.OpenedAt, now) })
            .OrderByDescending(c => c.Priority).ThenBy(c => c.OpenedAt)
            .Take(limit)
            .ToList();
        return Task.FromResult(items);
    }

    public Task<int> CountOpen() => Task.FromResult(_pages.All.Count(c => c.Status != CaseStatus.Resolved));
}
