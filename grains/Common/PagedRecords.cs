using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>What every <see cref="PagedRecords{TPage}"/> shares.</summary>
internal static class PagedRecords
{
    /// <summary>The record in which an owner kept everything before it was paged: read once, moved into the pages, then cleared.</summary>
    public const string LegacyName = "state";

    /// <summary>The page a key is kept in (FNV-1a: unrelated to the hashes that shard owners, so an owner's keys spread over its pages).</summary>
    public static int PageOf(string key, int pages)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % (uint)pages);
    }

    public static string NameOf(int page) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"page{page}");
}

/// <summary>
/// A grain's state kept as a fixed number of records of its own ("page0", "page1", …), its
/// entries spread over them by a hash of their keys, so that a change writes the one page
/// holding it rather than everything the grain keeps: an owner whose entries grow without bound
/// (a case-queue shard, a big brand's stats) still writes small records. Writes of one page
/// never overlap, and changes made while one is in flight share the next (group commit). One
/// per activation; its methods run on the grain's turns.
/// </summary>
internal sealed class PagedRecords<TPage>(IGrainStorage storage, GrainId grainId, int count)
    where TPage : class, new()
{
    private readonly Page[] _pages = [.. Enumerable.Range(0, count).Select(i => new Page(storage, grainId, PagedRecords.NameOf(i)))];

    public int Count => _pages.Length;

    /// <summary>A page's entries (a page never written is empty).</summary>
    public TPage this[int page] => _pages[page].Value;

    public IEnumerable<TPage> All => _pages.Select(static p => p.Value);

    public int PageOf(string key) => PagedRecords.PageOf(key, _pages.Length);

    /// <summary>
    /// Reads the pages, and moves what a record written before paging holds into them: the pages
    /// are written before that record is cleared, so a crash in between only repeats the move,
    /// which <paramref name="move"/> must allow (a page's own entry is the newer one).
    /// </summary>
    /// <param name="move">Puts the old record's entries into the pages; the pages it changed.</param>
    public async Task LoadAsync<TLegacy>(Func<TLegacy, IEnumerable<int>> move)
        where TLegacy : class, new()
    {
        var legacy = new GrainState<TLegacy>(new TLegacy());
        await Task.WhenAll(_pages.Select((p, i) => storage.ReadStateAsync(PagedRecords.NameOf(i), grainId, p.Record))
            .Append(storage.ReadStateAsync(PagedRecords.LegacyName, grainId, legacy)));
        if (!legacy.RecordExists || legacy.State is not { } old)
        {
            return;
        }

        await Task.WhenAll(move(old).Distinct().Select(WriteAsync));
        await storage.ClearStateAsync(PagedRecords.LegacyName, grainId, legacy);
    }

    /// <summary>Writes a page, answering once a write that began after this call's change is done.</summary>
    public Task WriteAsync(int page) => _pages[page].PersistAsync();

    private sealed class Page(IGrainStorage storage, GrainId grainId, string name) : GroupCommit
    {
        public GrainState<TPage> Record { get; } = new(new TPage());

        /// <summary>A record read as missing holds nothing.</summary>
        public TPage Value => Record.State ??= new TPage();

        public Task PersistAsync() => CommitAsync();

        protected override async Task WriteAsync(WriteSlot slot)
        {
            await storage.WriteStateAsync(name, grainId, Record);
            slot.Written.TrySetResult();
        }
    }
}
