using IpGuard.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>
/// One shard of the moderators' case queue. Its cases are kept in <see cref="Pages"/> records
/// (<see cref="PagedRecords{TPage}"/>): opening, claiming or resolving a case writes the page
/// holding it, not every case of the shard. A case opened here has no grain of its own until a
/// moderator works it: its page keeps only its opening until then, the view made from it.
/// </summary>
[GrainType(GrainTypes.CaseQueue)]
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

    /// <summary>Every case of the shard: those their grain told of, and those opened here (open, unworked).</summary>
    private IEnumerable<CaseView> All
    {
        get
        {
            var now = clock.UtcNow;
            return _pages.All.SelectMany(p => p.Openings is null
                ? p.Cases.Values
                : p.Cases.Values.Concat(p.Openings.Select(o => CaseViews.Of(o.Key, o.Value, CaseStatus.Open, null, null, now))));
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pages = new PagedRecords<CaseQueueState>(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default), this.GetGrainId(), Pages);
        return _pages.LoadAsync<CaseQueueState>(old => old.Cases.Values.Where(view => Get(view.CaseId) is null).Select(Set).ToList());
    }

    public Task Upsert(CaseView view)
    {
        var known = Get(view.CaseId);
        if (known is not null && known.Status == view.Status && known.Assignee == view.Assignee)
        {
            return Task.CompletedTask;
        }

        _resolved ??= CountResolved();
        var page = Set(view);
        return WriteAsync(page, known?.Status, view.Status);
    }

    public Task Open(string caseId, CaseOpening opening)
    {
        if (Get(caseId) is not null)
        {
            return Task.CompletedTask;
        }

        _resolved ??= CountResolved();
        var page = _pages.PageOf(caseId);
        (_pages[page].Openings ??= new(StringComparer.Ordinal))[caseId] = opening;
        return WriteAsync(page, null, CaseStatus.Open);
    }

    public Task<CaseOpening?> GetOpening(string caseId) =>
        Task.FromResult(_pages[_pages.PageOf(caseId)].Openings?.GetValueOrDefault(caseId));

    /// <summary>Writes the page a case changed on, and any page a resolved case was pruned from (the count of resolved cases taken before the change).</summary>
    private async Task WriteAsync(int page, CaseStatus? was, CaseStatus now)
    {
        _resolved += (now == CaseStatus.Resolved ? 1 : 0) - (was == CaseStatus.Resolved ? 1 : 0);
        HashSet<int>? pruned = null;
        if (_resolved > ResolvedCapacity)
        {
            // Rare (a resolution past capacity), so the scan is paid once per resolved case, not per opening.
            var resolved = _pages.All.SelectMany(static p => p.Cases.Values).Where(c => c.Status == CaseStatus.Resolved).OrderBy(c => c.Resolution?.At).ToList();
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

    /// <summary>Counted without making views: a case opened here is open until its grain tells otherwise.</summary>
    public Task<int> CountOpen() =>
        Task.FromResult(_pages.All.Sum(static p => p.Cases.Values.Count(static c => c.Status != CaseStatus.Resolved) + (p.Openings?.Count ?? 0)));

    private int CountResolved() => _pages.All.Sum(static p => p.Cases.Values.Count(static c => c.Status == CaseStatus.Resolved));

    private CaseView? Get(string caseId)
    {
        var page = _pages[_pages.PageOf(caseId)];
        return page.Cases.GetValueOrDefault(caseId)
            ?? (page.Openings?.GetValueOrDefault(caseId) is { } opening ? CaseViews.Of(caseId, opening, CaseStatus.Open, null, null, clock.UtcNow) : null);
    }

    /// <summary>Adds or replaces a case as its grain tells it (the grain holds its opening from then on); the page to write.</summary>
    private int Set(CaseView view)
    {
        var page = _pages.PageOf(view.CaseId);
        _pages[page].Cases[view.CaseId] = view;
        Forget(_pages[page], view.CaseId);
        return page;
    }

    /// <summary>Forgets a case; the page to write.</summary>
    private int Remove(string caseId)
    {
        var page = _pages.PageOf(caseId);
        _pages[page].Cases.Remove(caseId);
        Forget(_pages[page], caseId);
        return page;
    }

    private static void Forget(CaseQueueState page, string caseId)
    {
        if (page.Openings is { } openings && openings.Remove(caseId) && openings.Count == 0)
        {
            page.Openings = null;
        }
    }
}
