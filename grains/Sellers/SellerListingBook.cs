using System.Diagnostics.CodeAnalysis;

namespace IpGuard.Grains;

/// <summary>
/// A seller's listing entries as one view over two records: the journal (entries changed since
/// the last snapshot, kept in the seller's own state and written with every change) and the
/// snapshot (the rest, a record of its own). The journal is moved into the snapshot when it
/// outgrows <see cref="JournalLimit"/>, so a change costs O(√n) entries written, not O(n).
/// A journal entry is never older than the snapshot's entry for the same listing (only entries
/// already written in the journal are moved, and a newer change lands in the journal again);
/// should the records ever disagree, the higher version wins everywhere.
/// </summary>
internal sealed class SellerListingBook(Dictionary<string, SellerListingEntry> journal)
{
    /// <summary>A seller with fewer listings than this keeps them all in its own state.</summary>
    public const int MinJournal = 64;

    private readonly Dictionary<string, SellerListingEntry> _snapshot = new(StringComparer.Ordinal);

    /// <summary>Every listing's current entry, kept once a snapshot exists (until then the journal is the whole view).</summary>
    private Dictionary<string, SellerListingEntry>? _merged;

    /// <summary>Distinct listings, journal and snapshot together.</summary>
    public int Count => Current.Count;

    /// <summary>Every listing once, with its current entry: one lookup per read, and a plain scan for the model.</summary>
    public Dictionary<string, SellerListingEntry> Current => _merged ?? journal;

    public int JournalCount => journal.Count;

    /// <summary>The snapshot's entries, as they are written to its record.</summary>
    public Dictionary<string, SellerListingEntry> Snapshot => _snapshot;

    /// <summary>The largest journal kept before it is moved into the snapshot: √(2n), at least <see cref="MinJournal"/>.</summary>
    /// <remarks>A write carries the journal (n/J entries on average between snapshots) plus a snapshot
    /// of n every J changes: J + n/J per change at worst, least at J ≈ √(2n).</remarks>
    public static int JournalLimit(int count) => Math.Max(MinJournal, (int)Math.Sqrt(2.0 * count));

    public bool TryGet(string listingId, [MaybeNullWhen(false)] out SellerListingEntry entry) =>
        Current.TryGetValue(listingId, out entry);

    public void Set(string listingId, SellerListingEntry entry)
    {
        journal[listingId] = entry;
        if (_merged is not null)
        {
            _merged[listingId] = entry;
        }
    }

    /// <summary>Adds stored snapshot entries; for a listing in both, the higher version is the current entry.</summary>
    public void Load(IReadOnlyDictionary<string, SellerListingEntry> stored)
    {
        foreach (var (listingId, entry) in stored)
        {
            if (!_snapshot.TryGetValue(listingId, out var held) || held.Version < entry.Version)
            {
                _snapshot[listingId] = entry;
            }
        }

        Merge();
    }

    private void Merge()
    {
        if (_snapshot.Count == 0)
        {
            return;
        }

        _merged = new Dictionary<string, SellerListingEntry>(_snapshot, StringComparer.Ordinal);
        foreach (var (listingId, entry) in journal)
        {
            if (!_merged.TryGetValue(listingId, out var held) || held.Version <= entry.Version)
            {
                _merged[listingId] = entry;
            }
        }
    }

    /// <summary>The journal as it is about to be written, when it is due to move into the snapshot; else null.</summary>
    public KeyValuePair<string, SellerListingEntry>[]? DueForSnapshot() =>
        journal.Count > JournalLimit(Count) ? [.. journal] : null;

    /// <summary>Puts written journal entries into the snapshot, before the snapshot is written.</summary>
    public void MoveToSnapshot(KeyValuePair<string, SellerListingEntry>[] written)
    {
        foreach (var (listingId, entry) in written)
        {
            if (!_snapshot.TryGetValue(listingId, out var held) || held.Version <= entry.Version)
            {
                _snapshot[listingId] = entry;
            }
        }

        if (_merged is null)
        {
            Merge();
        }
    }

    /// <summary>Once the snapshot is written: drops the moved entries from the journal, unless a newer change replaced them.</summary>
    public void TrimJournal(KeyValuePair<string, SellerListingEntry>[] moved)
    {
        foreach (var (listingId, entry) in moved)
        {
            if (journal.TryGetValue(listingId, out var current) && ReferenceEquals(current, entry))
            {
                journal.Remove(listingId);
            }
        }
    }
}
