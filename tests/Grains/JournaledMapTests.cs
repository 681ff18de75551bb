using IpGuard.GrainInterfaces;
using IpGuard.Grains;

namespace IpGuard.Tests.Grains;

public sealed class JournaledMapTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory(DisplayName = "Journaled map: the journal bound is √(2n), never under 64")]
    [InlineData(0, 64)]
    [InlineData(1_000, 64)]
    [InlineData(2_048, 64)]
    [InlineData(5_000, 100)]
    [InlineData(100_000, 447)]
    public void JournalLimit(int listings, int limit) => Assert.Equal(limit, JournaledMap.JournalLimit(listings));

    [Fact(DisplayName = "Journaled map: a seller with few entries never needs a snapshot")]
    public void SmallSellerStaysInItsOwnRecord()
    {
        var book = new JournaledMap<SellerListingEntry>(new Dictionary<string, SellerListingEntry>(StringComparer.Ordinal), e => e.Version);
        for (var i = 0; i < JournaledMap.MinJournal; i++)
        {
            book.Set($"l{i}", Entry(1));
            Assert.Null(book.DueForSnapshot());
        }

        book.Set("l-next", Entry(1));
        Assert.Equal(JournaledMap.MinJournal + 1, book.DueForSnapshot()!.Length);
    }

    [Fact(DisplayName = "Journaled map: moved entries leave the journal, a newer change made meanwhile stays in it, and every listing is seen once")]
    public void MoveAndTrimKeepNewerChanges()
    {
        var journal = new Dictionary<string, SellerListingEntry>(StringComparer.Ordinal);
        var book = new JournaledMap<SellerListingEntry>(journal, e => e.Version);
        for (var i = 0; i < 70; i++)
        {
            book.Set($"l{i}", Entry(1));
        }

        var due = book.DueForSnapshot()!;
        book.MoveToSnapshot(due);

        // A change that lands while the snapshot is being written.
        book.Set("l3", Entry(2, ListingStatus.Removed));
        book.TrimJournal(due);

        Assert.Equal(["l3"], journal.Keys);
        Assert.Equal(70, book.Snapshot.Count);
        Assert.Equal(70, book.Count);
        Assert.True(book.TryGet("l3", out var current));
        Assert.Equal(2, current.Version);
        Assert.Equal(70, book.Current.Count);
        Assert.Equal(2, book.Current["l3"].Version);
        Assert.Equal(ListingStatus.Removed, book.Current["l3"].Status);
    }

    [Fact(DisplayName = "Journaled map: a loaded snapshot adds listings the journal lacks, and the journal's entry stays current")]
    public void LoadUnderTheJournal()
    {
        var journal = new Dictionary<string, SellerListingEntry>(StringComparer.Ordinal) { ["a"] = Entry(5), ["b"] = Entry(1) };
        var book = new JournaledMap<SellerListingEntry>(journal, e => e.Version);

        book.Load(new Dictionary<string, SellerListingEntry> { ["a"] = Entry(4), ["c"] = Entry(2) });

        Assert.Equal(3, book.Count);
        Assert.True(book.TryGet("a", out var a));
        Assert.Equal(5, a.Version);
        Assert.Equal(["a", "b", "c"], book.Current.Keys.Order());
    }

    [Fact(DisplayName = "Journaled map: should a stored snapshot ever hold a newer version than the journal, the newer one is current and stays in the snapshot")]
    public void HigherVersionWins()
    {
        var journal = new Dictionary<string, SellerListingEntry>(StringComparer.Ordinal) { ["a"] = Entry(3) };
        var book = new JournaledMap<SellerListingEntry>(journal, e => e.Version);

        book.Load(new Dictionary<string, SellerListingEntry> { ["a"] = Entry(5, ListingStatus.Removed) });

        Assert.Equal(1, book.Count);
        Assert.Equal(5, book.Current["a"].Version);
        Assert.Equal(ListingStatus.Removed, book.Current["a"].Status);

        // Moving the older journal entry keeps the snapshot's newer one.
        book.MoveToSnapshot([.. journal]);
        Assert.Equal(5, book.Snapshot["a"].Version);
    }

    private static SellerListingEntry Entry(long version, ListingStatus status = ListingStatus.Active) =>
        new(version, null, status, 10, null, At);
}
