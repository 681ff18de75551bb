using System.Diagnostics.CodeAnalysis;

namespace IpGuard.Grains;

/// <summary>The bound shared by every <see cref="JournaledMap{TEntry}"/>.</summary>
internal static class JournaledMap
{
    /// <summary>A map with fewer entries than this keeps them all in the owner's own record.</summary>
    public const int MinJournal = 64;

    /// <summary>The largest journal kept before it is moved into the snapshot: √(2n), at least <see cref="MinJournal"/>.</summary>
    /// <remarks>A write carries the journal (n/J entries on average between snapshots) plus a snapshot
    /// of n every J changes: J + n/J per change at worst, least at J ≈ √(2n).</remarks>
    public static int JournalLimit(int count) => Math.Max(MinJournal, (int)Math.Sqrt(2.0 * count));
}

/// <summary>
/// A seller's per-listing or per-reporter entries as one view over two records: the journal
/// (entries changed since the last snapshot, kept in the seller's own state and written with
/// every change) and the snapshot (the rest, a record of its own). The journal is moved into the
/// snapshot when it outgrows <see cref="JournaledMap.JournalLimit"/>, so a change costs O(√n)
/// entries written, not O(n). A journal entry is never older than the snapshot's entry for the
/// same key (only entries already written in the journal are moved, and a newer change lands in
/// the journal again); should the records ever disagree, the higher version wins everywhere, and
/// on a tie the journal's.
/// </summary>
internal sealed class JournaledMap<TEntry>(Dictionary<string, TEntry> journal, Func<TEntry, long> version)
    where TEntry : class
{
    private readonly Dictionary<string, TEntry> _snapshot = new(StringComparer.Ordinal);

    /// <summary>Every key's current entry, kept once a snapshot exists (until then the journal is the whole view).</summary>
    private Dictionary<string, TEntry>? _merged;

    /// <summary>Distinct keys, journal and snapshot together.</summary>
    public int Count => Current.Count;

    /// <summary>Every key once, with its current entry: one lookup per read, and a plain scan for the model.</summary>
    public Dictionary<string, TEntry> Current => _merged ?? journal;

    public int JournalCount => journal.Count;

    /// <summary>The snapshot's entries, as they are written to its record.</summary>
    public Dictionary<string, TEntry> Snapshot => _snapshot;

    public bool TryGet(string key, [MaybeNullWhen(false)] out TEntry entry) =>
        Current.TryGetValue(key, out entry);

    public void Set(string key, TEntry entry)
    {
        journal[key] = entry;
        if (_merged is not null)
        {
            _merged[key] = entry;
        }
    }

    /// <summary>Adds stored snapshot entries; for a key in both, the higher version is the current entry.</summary>
    public void Load(IReadOnlyDictionary<string, TEntry> stored)
    {
        foreach (var (key, entry) in stored)
        {
            if (!_snapshot.TryGetValue(key, out var held) || version(held) < version(entry))
            {
                _snapshot[key] = entry;
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

        _merged = new Dictionary<string, TEntry>(_snapshot, StringComparer.Ordinal);
        foreach (var (key, entry) in journal)
        {
            if (!_merged.TryGetValue(key, out var held) || version(held) <= version(entry))
            {
                _merged[key] = entry;
            }
        }
    }

    /// <summary>The journal as it is about to be written, when it is due to move into the snapshot; else null.</summary>
    public KeyValuePair<string, TEntry>[]? DueForSnapshot() =>
        journal.Count > JournaledMap.JournalLimit(Count) ? [.. journal] : null;

    /// <summary>Puts written journal entries (if any were due) into the snapshot, before the snapshot is written.</summary>
    public void MoveToSnapshot(KeyValuePair<string, TEntry>[]? written)
    {
        if (written is null)
        {
            return;
        }

        foreach (var (key, entry) in written)
        {
            if (!_snapshot.TryGetValue(key, out var held) || version(held) <= version(entry))
            {
                _snapshot[key] = entry;
            }
        }

        if (_merged is null)
        {
            Merge();
        }
    }

    /// <summary>Once the snapshot is written: drops the moved entries from the journal, unless a newer change replaced them.</summary>
    public void TrimJournal(KeyValuePair<string, TEntry>[]? moved)
    {
        if (moved is null)
        {
            return;
        }

        foreach (var (key, entry) in moved)
        {
            if (journal.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
            {
                journal.Remove(key);
            }
        }
    }
}
