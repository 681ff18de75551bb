using IpGuard.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>
/// One shard of the moderators' case queue. Its cases are kept in <see cref="Pages"/> records
/// (<see cref="PagedRecords{TPage}"/>): opening, claiming or resolving a case writes the page
/// holding it, not every case of the shard.
/// </summary>
[GrainType("case-queue")]
[Reentrant] // Every method changes state without awaiting first, so openings interleave and share writes.
internal sealed class CaseQueueGrain(RiskClock clock) : Grain, ICaseQueueGrain
{
    /// <summary>Resolved cases a shard keeps listing (256 shards: 8,192 in all).</summary>
    public const int ResolvedCapacity = 32;

    /// <summary>Pages a shard: 256 shards × 16 pages keep ~25 cases a page at 100,000 open.</summary>
    public const int Pages = 16;

    private PagedRecords<CaseQueueState> _pages = null!;

    /// <summary>How many of the shard's cases are resolved; counted on first use, then kept.</summary>
    private int? _resolved;

    private IEnumerable<CaseView> All => _pages.All.SelectMany(static p => p.Cases.Values);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pages = new PagedRecords<CaseQueueState>(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default), this.GetGrainId(), Pages);
        return _pages.LoadAsync<CaseQueueState>(old => old.Cases.Values.Where(view => Get(view.CaseId) is null).Select(Set).ToList());
    }

    public async Task Upsert(CaseView view)
    {
        var known = Get(view.CaseId);
        if (known is not null && known.Status == view.Status && known.Assignee == view.Assignee)
        {
            return;
        }

        _resolved ??= All.Count(c => c.Status == CaseStatus.Resolved);
        _resolved += (view.Status == CaseStatus.Resolved ? 1 : 0) - (known?.Status == CaseStatus.Resolved ? 1 : 0);
        var page = Set(view);
        HashSet<int>? pruned = null;
        if (_resolved > ResolvedCapacity)
        {
            // Rare (a resolution past capacity), so the scan is paid once per resolved case, not per opening.
            var resolved = All.Where(c => c.Status == CaseStatus.Resolved).OrderBy(c => c.Resolution?.At).ToList();
            pruned = [.. resolved.Take(resolved.Count - ResolvedCapacity).Select(old => Remove(old.CaseId))];
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
        IReadOnlyList<CaseView> items = All
            .Where(c => c.Status == status)
            .Select(c => c with { Priority = CaseView.PriorityOf(c.Score, c.OpenedAt, now) })
            .OrderByDescending(c => c.Priority).ThenBy(c => c.OpenedAt)
            .Take(limit)
            .ToList();
        return Task.FromResult(items);
    }

    public Task<int> CountOpen() => Task.FromResult(All.Count(c => c.Status != CaseStatus.Resolved));

    private CaseView? Get(string caseId) => _pages[_pages.PageOf(caseId)].Cases.GetValueOrDefault(caseId);

    /// <summary>Adds or replaces a case; the page to write.</summary>
    private int Set(CaseView view)
    {
        var page = _pages.PageOf(view.CaseId);
        _pages[page].Cases[view.CaseId] = view;
        return page;
    }

    /// <summary>Forgets a case; the page to write.</summary>
    private int Remove(string caseId)
    {
        var page = _pages.PageOf(caseId);
        _pages[page].Cases.Remove(caseId);
        return page;
    }
}
