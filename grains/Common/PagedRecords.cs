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

    /// <summary>A page's record: its first is the page's own name, a chunk after it adds its number ("page3.1").</summary>
    public static string NameOf(int page, int chunk) => chunk == 0 ? NameOf(page) : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"page{page}.{chunk}");
}

/// <summary>
/// A grain's state kept as a fixed number of records of its own ("page0", "page1", …), its
/// entries spread over them by a hash of their keys, so that a change writes the one page
/// holding it rather than everything the grain keeps. Writes of one record never overlap, and
/// changes made while one is in flight share the next (group commit). One per activation; its
/// methods run on the grain's turns.
/// </summary>
/// <remarks>
/// An owner whose entries grow without bound (a big brand's stats) gives each page a bound
/// (<paramref name="chunkEntries"/>, with <paramref name="entries"/> to count a record's): a page
/// past it grows by chunks, records of their own ("page3.1", "page3.2", …), a new key going to
/// the page's last chunk, so a write stays that size however many entries the page holds.
/// Entries never leave a chunked page. A chunk is started only once the one before it is stored
/// full, so loading reads a page's next chunk only after a full one, and finds every chunk written.
/// </remarks>
internal sealed class PagedRecords<TPage>(IGrainStorage storage, GrainId grainId, int count, Func<TPage, int>? entries = null, int chunkEntries = int.MaxValue)
    where TPage : class, new()
{
    private readonly List<Page>[] _pages = [.. Enumerable.Range(0, count).Select(i => new List<Page> { new(storage, grainId, PagedRecords.NameOf(i), entries) })];

    public int Count => _pages.Length;

    /// <summary>A page's first record (a page never written is empty); a page without chunks keeps everything in it.</summary>
    public TPage this[int page] => this[new PageSlot(page, 0)];

    /// <summary>A record of a page, as <see cref="Locate"/> names it.</summary>
    public TPage this[PageSlot slot] => _pages[slot.Page][slot.Chunk].Value;

    /// <summary>Every record of every page.</summary>
    public IEnumerable<TPage> All => _pages.SelectMany(static chunks => chunks.Select(static p => p.Value));

    public int PageOf(string key) => PagedRecords.PageOf(key, _pages.Length);

    /// <summary>
    /// The record that holds <paramref name="key"/> (<paramref name="holds"/> tells, given a record and
    /// the key), else the one a new key goes to: the page's last record, or a new chunk once that
    /// one is stored full.
    /// </summary>
    public PageSlot Locate(string key, Func<TPage, string, bool> holds)
    {
        var index = PageOf(key);
        var chunks = _pages[index];
        for (var c = 0; c < chunks.Count; c++)
        {
            if (holds(chunks[c].Value, key))
            {
                return new PageSlot(index, c);
            }
        }

        if (chunks[^1].Stored >= chunkEntries)
        {
            chunks.Add(new Page(storage, grainId, PagedRecords.NameOf(index, chunks.Count), entries));
        }

        return new PageSlot(index, chunks.Count - 1);
    }

    /// <summary>
    /// Reads the pages (and their chunks), and moves what a record written before paging holds
    /// into them: the pages are written before that record is cleared, so a crash in between only
    /// repeats the move, which <paramref name="move"/> must allow (a page's own entry is the newer one).
    /// </summary>
    /// <param name="move">Puts the old record's entries into the pages' first records; the pages it changed.</param>
    public async Task LoadAsync<TLegacy>(Func<TLegacy, IEnumerable<int>> move)
        where TLegacy : class, new()
    {
        var legacy = new GrainState<TLegacy>(new TLegacy());
        await Task.WhenAll(_pages.Select((chunks, i) => ReadChunksAsync(i, chunks))
            .Append(storage.ReadStateAsync(PagedRecords.LegacyName, grainId, legacy)));
        if (!legacy.RecordExists || legacy.State is not { } old)
        {
            return;
        }

        await Task.WhenAll(move(old).Distinct().Select(WriteAsync));
        await storage.ClearStateAsync(PagedRecords.LegacyName, grainId, legacy);
    }

    /// <summary>Writes a page's first record, answering once a write that began after this call's change is done.</summary>
    public Task WriteAsync(int page) => WriteAsync(new PageSlot(page, 0));

    /// <summary>Writes a record of a page, answering once a write that began after this call's change is done.</summary>
    public Task WriteAsync(PageSlot slot) => _pages[slot.Page][slot.Chunk].PersistAsync();

    /// <summary>Reads a page's first record, then each chunk after a full one, until one is missing.</summary>
    private async Task ReadChunksAsync(int index, List<Page> chunks)
    {
        await chunks[0].ReadAsync();
        while (chunks[^1].Stored >= chunkEntries)
        {
            var next = new Page(storage, grainId, PagedRecords.NameOf(index, chunks.Count), entries);
            await next.ReadAsync();
            if (!next.Record.RecordExists)
            {
                return;
            }

            chunks.Add(next);
        }
    }

    private sealed class Page(IGrainStorage storage, GrainId grainId, string name, Func<TPage, int>? entries) : GroupCommit
    {
        public GrainState<TPage> Record { get; } = new(new TPage());

        /// <summary>A record read as missing holds nothing.</summary>
        public TPage Value => Record.State ??= new TPage();

        /// <summary>The entries the record holds in storage, as last read or written (0 when they are not counted).</summary>
        public int Stored { get; private set; }

        public async Task ReadAsync()
        {
            await storage.ReadStateAsync(name, grainId, Record);
            Stored = entries?.Invoke(Value) ?? 0;
        }

        public Task PersistAsync() => CommitAsync();

        protected override async Task WriteAsync(WriteSlot slot)
        {
            // Counted before the write: the storage serializes the record before its first await.
            var count = entries?.Invoke(Value) ?? 0;
            await storage.WriteStateAsync(name, grainId, Record);
            Stored = count;
            slot.Written.TrySetResult();
        }
    }
}

/// <summary>One record of a <see cref="PagedRecords{TPage}"/>: its page, and its chunk in the page (0 is the page's first record).</summary>
internal readonly record struct PageSlot(int Page, int Chunk);
