using System.Collections.Immutable;
using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>
/// A seller's listings and distinct reporters: each a journal in the seller's state over a
/// snapshot stored beside it (<see cref="SellerListingSnapshot"/>), so that a listing change or a
/// report writes a small record rather than the whole catalogue. It carries listings' changes in,
/// keeps the listing counters and the seller's listing activity, and moves the journals into the
/// snapshot after a write that outgrew them. One per seller activation.
/// </summary>
internal sealed class SellerBook(SellerState s, string sellerId, IGrainStorage storage, GrainId grainId, ILogger logger)
{
    /// <summary>The storage name of the seller's snapshot (listing and reporter entries), beside its "state"; named when it held listings only.</summary>
    public const string SnapshotName = "listings";

    private GrainState<SellerListingSnapshot>? _snapshotRecord;
    private KeyValuePair<string, SellerListingEntry>[]? _dueListings;
    private KeyValuePair<string, SellerReporterEntry>[]? _dueReporters;

    /// <summary>The seller's listings: its own journal over the snapshot.</summary>
    public JournaledMap<SellerListingEntry> Listings { get; } = new(s.Listings, static e => e.Version);

    /// <summary>
    /// Each listing's status, immutable: kept beside <see cref="Listings"/> for checkout answers
    /// made outside the grain's turns (<see cref="SellerCheckout"/>); a change costs a new path of
    /// the map, not a copy of it.
    /// </summary>
    public ImmutableDictionary<string, ListingStatus> Statuses { get; private set; } = ImmutableDictionary.Create<string, ListingStatus>(StringComparer.Ordinal);

    /// <summary>The seller's distinct reporters (never replaced once added): its own journal over the snapshot.</summary>
    public JournaledMap<SellerReporterEntry> Reporters { get; } = new(s.Reporters, static _ => 0);

    /// <summary>On activation: reads the snapshot, if the seller has one, and checks the counters against it.</summary>
    public async Task LoadAsync()
    {
        if (s.HasListingSnapshot)
        {
            await LoadSnapshotAsync();
            Recount();
        }
        else
        {
            RebuildStatuses();
        }
    }

    /// <summary>
    /// Carries a listing's change into the book (an older version changes nothing), with the
    /// reporters it brings; whether anything changed.
    /// </summary>
    public bool Carry(ListingChange change, DateTimeOffset now, int dormantAccountDays)
    {
        var changed = false;
        if (!Listings.TryGet(change.ListingId, out var known) || (known.Version < change.Version && !OnlyTimeMoved(known, change)))
        {
            if (known is not null)
            {
                Count(known.Status, -1);
            }

            Listings.Set(change.ListingId, new SellerListingEntry(change.Version, change.BrandId, change.Status, change.Score,
                change.RemovedBy, change.At, change.BrandNotices, change.ConfirmedBy, change.RemovedBySeller, change.Signals, change.ListedAt));
            Statuses = Statuses.SetItem(change.ListingId, change.Status);
            Count(change.Status, +1);
            if (change.ListedAt is { } listedAt)
            {
                NoteListingActivity(listedAt, dormantAccountDays);
            }

            if (change.ConfirmedBy is { } caseId && !s.ConfirmedInfringements.Exists(c => c.Source == caseId))
            {
                s.ConfirmedInfringements.Add(new ConfirmedInfringement(now, change.ListingId, caseId));
            }

            changed = true;
        }

        foreach (var reporter in change.NewReporters)
        {
            if (!Reporters.TryGet(reporter.ReporterId, out _))
            {
                Reporters.Set(reporter.ReporterId, new SellerReporterEntry(reporter.Kind, reporter.Reason, reporter.At, change.ListingId, reporter.Weight));
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>
    /// How far a listing's times may move before the seller writes them when nothing else it carries
    /// changed: the carried score decays over months (<see cref="Scoring.SellerPolicy.ListingHalfLifeDays"/>),
    /// and dormancy is counted in days, so an hour is invisible to both.
    /// </summary>
    public static readonly TimeSpan TimeRefresh = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether a newer change only restates the listing at a later time (an unchanged re-upsert of a
    /// scored listing), within <see cref="TimeRefresh"/>: the seller keeps its entry and writes nothing.
    /// </summary>
    private static bool OnlyTimeMoved(SellerListingEntry known, ListingChange change) =>
        change.NewReporters.Count == 0
        && known.BrandId == change.BrandId && known.Status == change.Status && known.Score == change.Score
        && known.RemovedBy == change.RemovedBy && known.BrandNotices == change.BrandNotices && known.ConfirmedBy == change.ConfirmedBy
        && known.RemovedBySeller == change.RemovedBySeller && known.Signals == change.Signals
        && change.At - known.At < TimeRefresh
        && (change.ListedAt ?? change.At) - (known.ListedAt ?? known.At) < TimeRefresh;

    /// <summary>
    /// Keeps the seller's latest listing activity and notes a return from dormancy: activity after a
    /// gap of <paramref name="dormantAccountDays"/> or more. Activity older than the latest
    /// known (a late backfill) changes nothing.
    /// </summary>
    private void NoteListingActivity(DateTimeOffset at, int dormantAccountDays)
    {
        if (s.LastListedAt is { } last)
        {
            if (at <= last)
            {
                return;
            }

            if ((at - last).TotalDays >= dormantAccountDays)
            {
                s.DormantSince = last;
                s.ReturnedAt = at;
            }
        }

        s.LastListedAt = at;
    }

    private void Count(ListingStatus status, int delta)
    {
        switch (status)
        {
            case ListingStatus.Active or ListingStatus.Flagged: s.ActiveListings += delta; break;
            case ListingStatus.Removed: s.RemovedListings += delta; break;
        }
    }

    /// <summary>Before the seller's write: notes which journal entries are due for the snapshot.</summary>
    public void BeforeWrite()
    {
        _dueListings = Listings.DueForSnapshot();
        _dueReporters = Reporters.DueForSnapshot();
    }

    /// <summary>
    /// After a write whose journal outgrew its bound: moves those (now durable) entries into the
    /// listing snapshot, writes it, and trims them from the journal; the trimmed journal and
    /// <see cref="SellerState.HasListingSnapshot"/> go out with the next write. Until then the
    /// stored journal still holds every moved entry, so a crash at any point loses nothing.
    /// </summary>
    public async Task AfterWriteAsync()
    {
        var (listings, reporters) = (_dueListings, _dueReporters);
        if (listings is null && reporters is null)
        {
            return;
        }

        (_dueListings, _dueReporters) = (null, null);
        try
        {
            // The first snapshot of this activation reads the stored one: its ETag, and its
            // entries if one was written before a crash took the next write with it.
            var record = _snapshotRecord ?? await LoadSnapshotAsync();
            Listings.MoveToSnapshot(listings);
            Reporters.MoveToSnapshot(reporters);
            record.State = new SellerListingSnapshot { Listings = Listings.Snapshot, Reporters = Reporters.Snapshot };
            await storage.WriteStateAsync(SnapshotName, grainId, record);
            Listings.TrimJournal(listings);
            Reporters.TrimJournal(reporters);
            s.HasListingSnapshot = true;
        }
        catch (Exception e)
        {
            // The change itself is written, and the journal still holds every entry (nothing was
            // trimmed), so memory is consistent; only the snapshot is behind. The next one re-reads
            // the stored record first, for its ETag (a write that timed out may have landed).
            _snapshotRecord = null;
            logger.LogWarning(e, "Seller {SellerId}: writing the listing snapshot failed; the journals keep their {Listings} listing and {Reporters} reporter entries and the next write tries again", sellerId, Listings.JournalCount, Reporters.JournalCount);
        }
    }

    /// <summary>
    /// Checks the listing counters against the entries once a snapshot is loaded, and mends them:
    /// they only drift if the two records were ever out of step (say, a build that did not know
    /// the snapshot wrote the seller), and a seller should not stay wrong for it.
    /// </summary>
    private void Recount()
    {
        var (active, removed) = (s.ActiveListings, s.RemovedListings);
        (s.ActiveListings, s.RemovedListings) = (0, 0);
        foreach (var entry in Listings.Current.Values)
        {
            Count(entry.Status, +1);
        }

        if (active != s.ActiveListings || removed != s.RemovedListings)
        {
            logger.LogWarning("Seller {SellerId}: listing counters {Active}/{Removed} disagreed with its entries {CountedActive}/{CountedRemoved}; using the entries",
                sellerId, active, removed, s.ActiveListings, s.RemovedListings);
        }
    }

    private void RebuildStatuses() =>
        Statuses = ImmutableDictionary.CreateRange(StringComparer.Ordinal, Listings.Current.Select(static e => KeyValuePair.Create(e.Key, e.Value.Status)));

    private async Task<GrainState<SellerListingSnapshot>> LoadSnapshotAsync()
    {
        var record = new GrainState<SellerListingSnapshot>(new SellerListingSnapshot());
        await storage.ReadStateAsync(SnapshotName, grainId, record);
        if (s.HasListingSnapshot && !record.RecordExists)
        {
            logger.LogError("Seller {SellerId}: its listing snapshot is missing from storage; it answers from the {Entries} entries of its own record", sellerId, Listings.JournalCount);
        }

        if (record.State is { } stored)
        {
            Listings.Load(stored.Listings);
            Reporters.Load(stored.Reporters);
            RebuildStatuses();
        }

        _snapshotRecord = record;
        return record;
    }
}
