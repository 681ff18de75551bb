using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace IpGuard.Grains;

/// <summary>
/// A book of listings (<see cref="IListingBookGrain"/>): the entries (<see cref="ListingEntry"/>)
/// of the listings hashed to it, each loaded from its own record when first called and let go
/// once idle for as long as an idle activation would be kept (<c>CollectionAge</c>). It only
/// finds the entry; the listing's work is the entry's.
/// </summary>
[GrainType(GrainTypes.ListingBook)]
internal sealed class ListingBookGrain(ListingServices parts, IOptions<GrainCollectionOptions> collection) : Grain, IListingBookGrain
{
    private static readonly GrainType ListingType = GrainType.Create(GrainTypes.Listing);
    private static readonly DeactivationReason Idle = new(DeactivationReasonCode.ActivationIdle, "listing idle");

    private readonly Dictionary<string, ListingEntry> _entries = new(StringComparer.Ordinal);
    private IGrainTimer? _sweep;

    public ListingServices Parts => parts;

    public Task<Ack<ListingResult>> Upsert(string listingId, ListingUpsert upsert) => WithAsync(listingId, e => e.Upsert(upsert));

    public Task<Ack<ListingIngested>> Ingest(string listingId, ListingUpsert upsert) => WithAsync(listingId, e => e.Ingest(upsert));

    public Task<Ack<ReportResult>> Report(string listingId, ReportCommand report) => WithAsync(listingId, e => e.Report(report));

    public Task<NoticeOutcome> ApplyNotice(string listingId, string brandId, string noticeId, bool remove, bool takedown, string reason) =>
        WithAsync(listingId, e => e.ApplyNotice(brandId, noticeId, remove, takedown, reason));

    public Task<ReviewEffects> ReviewDecided(string listingId, string caseId, CaseOutcome outcome, string moderator) =>
        WithAsync(listingId, e => e.ReviewDecided(caseId, outcome, moderator));

    public Task<BrandRemovalRef?> Reinstate(string listingId, string caseId, string moderator) => WithAsync(listingId, e => e.Reinstate(caseId, moderator));

    public Task Refresh(string listingId) => WithAsync(listingId, async e =>
    {
        await e.Refresh();
        return true;
    });

    public Task<ListingChange?> ApplySellerEnforcement(string listingId, SellerEnforcement enforcement) =>
        WithAsync(listingId, e => e.ApplySellerEnforcement(enforcement));

    public Task<bool> RecordScanFailure(string listingId, string eventId, ScanResult result, string code) =>
        WithAsync(listingId, e => e.RecordScanFailure(eventId, result, code));

    public Task FlushEvents(string listingId) => WithAsync(listingId, async e =>
    {
        await e.FlushEvents();
        return true;
    });

    public Task<ListingDossier?> GetDossier(string listingId) => WithAsync(listingId, e => e.GetDossier());

    public Task<ListingRiskView?> GetRisk(string listingId) => WithAsync(listingId, e => e.GetRisk());

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _sweep?.Dispose();
        _sweep = null;
        var entries = _entries.Values.ToList();
        _entries.Clear();
        await Task.WhenAll(entries.Select(e => e.UnloadAsync(reason, cancellationToken)));
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>A write of the entry failed: it is read again from its record on the next call, so a retry is applied for real.</summary>
    public void Drop(ListingEntry entry)
    {
        if (_entries.TryGetValue(entry.Id, out var held) && ReferenceEquals(held, entry))
        {
            _entries.Remove(entry.Id);
        }
    }

    private async Task<T> WithAsync<T>(string listingId, Func<ListingEntry, Task<T>> call)
    {
        var entry = await EntryAsync(listingId);
        try
        {
            return await call(entry);
        }
        finally
        {
            entry.LastUsed = Environment.TickCount64;
            if (!entry.Exists && entry.Idle)
            {
                // Never seen (a read or report of an unknown id): nothing to keep.
                Drop(entry);
            }
        }
    }

    private async ValueTask<ListingEntry> EntryAsync(string listingId)
    {
        if (_entries.TryGetValue(listingId, out var entry))
        {
            return entry;
        }

        entry = new ListingEntry(this, new StoredState<ListingState>(parts.Storage, ListingType, listingId), listingId);
        await entry.LoadAsync();
        _entries[listingId] = entry;
        _sweep ??= this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(SweepPeriod, SweepPeriod) { Interleave = false });
        return entry;
    }

    private TimeSpan SweepPeriod => TimeSpan.FromTicks(Math.Clamp(collection.Value.CollectionAge.Ticks / 2, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute * 10));

    /// <summary>Lets go of the entries idle for the collection age, as Orleans lets go of idle activations.</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        var age = (long)collection.Value.CollectionAge.TotalMilliseconds;
        var idle = _entries.Values.Where(e => now - e.LastUsed >= age && e.Idle).ToList();
        foreach (var entry in idle)
        {
            _entries.Remove(entry.Id);
        }

        if (_entries.Count == 0)
        {
            _sweep?.Dispose();
            _sweep = null;
        }

        await Task.WhenAll(idle.Select(e => e.UnloadAsync(Idle, cancellationToken)));
    }
}
