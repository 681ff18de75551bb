using IpGuard.GrainInterfaces;
using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>
/// A case-queue shard's cases, kept in <see cref="Count"/> records of their own by a hash of the
/// case id, so that opening or updating a case writes the one page holding it rather than every
/// case of the shard: a shard's writes stay small however many cases wait for moderators.
/// Writes of one page never overlap, and changes made while one is in flight share the next
/// (group commit). One per shard activation; its methods run on the grain's turns.
/// </summary>
internal sealed class CaseQueuePages(IGrainStorage storage, GrainId grainId)
{
    /// <summary>Pages a shard: 256 shards × 16 pages keep ~25 cases a page at 100,000 open.</summary>
    public const int Count = 16;

    /// <summary>The record in which a shard kept all of its cases before they were paged: read once, moved into the pages, then cleared.</summary>
    public const string LegacyName = "state";

    private static readonly string[] Names = [.. Enumerable.Range(0, Count).Select(i => $"page{i}")];

    private readonly Page[] _pages = [.. Enumerable.Range(0, Count).Select(_ => new Page())];

    /// <summary>Every case of the shard.</summary>
    public IEnumerable<CaseView> All => _pages.SelectMany(static p => p.Cases.Values);

    /// <summary>The page a case is kept in (FNV-1a, unrelated to the shard's own hash, so a shard's cases spread over its pages).</summary>
    public static int PageOf(string caseId)
    {
        var hash = 2166136261u;
        foreach (var c in caseId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % Count);
    }

    /// <summary>Reads the pages, and moves the cases of a record written before paging into them.</summary>
    public async Task LoadAsync()
    {
        var legacy = new GrainState<CaseQueueState>(new CaseQueueState());
        await Task.WhenAll(_pages.Select((p, i) => storage.ReadStateAsync(Names[i], grainId, p.Record))
            .Append(storage.ReadStateAsync(LegacyName, grainId, legacy)));
        if (!legacy.RecordExists || legacy.State is not { Cases.Count: > 0 } old)
        {
            return;
        }

        // The pages are written first: a crash before the clear only repeats this move, and a
        // page's own entry (newer) wins over the old record's.
        var touched = new HashSet<int>();
        foreach (var view in old.Cases.Values)
        {
            if (Get(view.CaseId) is null)
            {
                touched.Add(Set(view));
            }
        }

        await Task.WhenAll(touched.Select(WriteAsync));
        await storage.ClearStateAsync(LegacyName, grainId, legacy);
    }

    public CaseView? Get(string caseId) => _pages[PageOf(caseId)].Cases.GetValueOrDefault(caseId);

    /// <summary>Adds or replaces a case; the page to write.</summary>
    public int Set(CaseView view)
    {
        var page = PageOf(view.CaseId);
        _pages[page].Cases[view.CaseId] = view;
        return page;
    }

    /// <summary>Forgets a case; the page to write.</summary>
    public int Remove(string caseId)
    {
        var page = PageOf(caseId);
        _pages[page].Cases.Remove(caseId);
        return page;
    }

    /// <summary>Writes a page, answering once a write that began after this call's change is done.</summary>
    public Task WriteAsync(int index)
    {
        var page = _pages[index];
        if (page.Queued is { Started: false } waiting)
        {
            return waiting.Task;
        }

        var slot = new WriteSlot();
        page.Queued = slot;
        page.Last = WriteAfterAsync(index, page.Last, slot);
        return slot.Task;
    }

    private async Task WriteAfterAsync(int index, Task previous, WriteSlot slot)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

        // From here on, a new change needs a new write.
        slot.Started = true;
        var page = _pages[index];
        try
        {
            await storage.WriteStateAsync(Names[index], grainId, page.Record);
            slot.Written.TrySetResult();
        }
        catch (Exception e)
        {
            slot.Written.TrySetException(e);
        }

        if (ReferenceEquals(page.Queued, slot))
        {
            page.Queued = null;
            page.Last = Task.CompletedTask;
        }
    }

    private sealed class Page
    {
        public GrainState<CaseQueueState> Record { get; } = new(new CaseQueueState());

        /// <summary>The page's cases (a record read as missing holds none).</summary>
        public Dictionary<string, CaseView> Cases => (Record.State ??= new CaseQueueState()).Cases;

        public Task Last { get; set; } = Task.CompletedTask;

        public WriteSlot? Queued { get; set; }
    }
}
