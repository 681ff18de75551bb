using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// One listing, an entry of its book (<see cref="ListingBookGrain"/>), stored as a record of its
/// own. Each event is checked for a repeat, applied to the state, rescored
/// (<see cref="ListingScorer"/>: the model and the status rules), staged for the seller, brand and
/// review case (<see cref="ListingOutbox"/>), written, and only then are they told; a change not
/// yet confirmed stays in the state's outbox and is sent again, harmlessly, on the next call.
/// </summary>
internal sealed class ListingEntry : IRecordOwner, IListingWrites
{
    private readonly ListingBookGrain _book;
    private readonly StoredState<ListingState> _stored;
    private readonly DurableRecord<ListingState> _record;
    private ListingStatus? _announced;
    private bool _removedAsCounterfeit;
    private ListingModeration? _moderation;

    public ListingEntry(ListingBookGrain book, StoredState<ListingState> stored, string id)
    {
        _book = book;
        _stored = stored;
        Id = id;
        _record = new DurableRecord<ListingState>(stored, this);
    }

    /// <summary>The listing's id: everything that names the listing shares this one string.</summary>
    public string Id { get; }

    /// <summary>When the book last used the entry (<see cref="Environment.TickCount64"/>): an entry idle long enough leaves memory.</summary>
    public long LastUsed { get; set; }

    /// <summary>Whether the entry holds nothing that must stay in memory: no write in flight, no staged events.</summary>
    public bool Idle => _record.Idle && S.PendingEvents is not { Count: > 0 };

    public bool Exists => S.Exists;

    private ListingState S => _stored.State;

    private ListingServices Services => _book.Parts;

    /// <summary>Reports, notices, reviews, reinstatements and scans.</summary>
    private ListingModeration Moderation => _moderation ??= new ListingModeration(this, S, Id, Services);

    IGrainBase IRecordOwner.Grain => _book;

    GrainId IRecordOwner.RecordId => _stored.Id;

    /// <summary>Reads the stored record, and appends what a previous holder staged and may not have appended (it died after the write).</summary>
    public async Task LoadAsync()
    {
        await _stored.ReadStateAsync();
        S.DropEmptyCollections();
        _announced = S.Exists ? S.Status : null;
        await _record.FlushStagedEventsAsync();
    }

    /// <summary>As the entry leaves memory: tidies the stored outbox of events already appended.</summary>
    public Task UnloadAsync(DeactivationReason reason, CancellationToken cancellationToken) => _record.OnDeactivateAsync(reason, cancellationToken);

    /// <summary>
    /// Every status change reaches the feed, whatever made it (scoring, a brand's notice, a
    /// moderator, an appeal): the status written is compared with the one last announced.
    /// </summary>
    void IRecordOwner.BeforeWrite()
    {
        if (S.Exists && S.Status != _announced)
        {
            // Removed for its own reasons (not its seller's enforcement): its photos now taint
            // other sellers' listings that use them.
            _removedAsCounterfeit |= ListingImages.RemovedAsCounterfeit(S);

            // A new listing that is active is no change the catalog must act on; any other status is.
            if (_announced is not null || S.Status != ListingStatus.Active)
            {
                DurableRecord.Emit(S, EventTypes.ListingStatusChanged, EventData.ListingSubject(Id), S.BrandId, S.UpdatedAt,
                    EventData.ListingStatus(Id, S.SellerId!, S.BrandId, S.Status, _announced, S.Status == ListingStatus.Removed ? S.Removal : null));
            }

            _announced = S.Status;
            _record.Announce(new FeedEvent(FeedKind.Listing, Id, S.UpdatedAt, S.Score, S.Band, Status: S.Status,
                RemovedBy: S.Status == ListingStatus.Removed ? S.Removal?.By : null, SellerId: S.SellerId, Reason: S.Removal?.Reason));
        }
    }

    void IRecordOwner.WriteFailed() => _book.Drop(this);

    private Task PersistAsync() => _record.PersistAsync();

    private void CountIngested() => Services.Feed.CountIngested();

    /// <summary>
    /// The sweeper's call for a record marked long ago: appends the events it staged, and sends
    /// what its seller, brand and review case have not confirmed (sending again is harmless), so a
    /// change written just before a crash reaches them without waiting for the listing's next event.
    /// </summary>
    public async Task FlushEvents()
    {
        await _record.FlushMarkedEventsAsync();
        await FlushOutboxAsync();
    }

    public async Task<Ack<ListingResult>> Upsert(ListingUpsert upsert)
    {
        var (status, outcome, told, problem) = await ApplyAsync(upsert);
        if (outcome is null)
        {
            return new Ack<ListingResult>(status, null, problem);
        }

        var seller = told ?? await Seller().GetSummary() ?? ListingViews.EmptySeller(S);
        return new Ack<ListingResult>(status, ListingViews.Result(Id, outcome, seller) with { Duplicate = status == AckStatus.Duplicate }, null);
    }

    public async Task<Ack<ListingIngested>> Ingest(ListingUpsert upsert)
    {
        var (status, outcome, told, problem) = await ApplyAsync(upsert);
        return outcome is null
            ? new Ack<ListingIngested>(status, null, problem)
            : new Ack<ListingIngested>(status, new ListingIngested(outcome.Status, outcome.Score, told?.Decision), null);
    }

    /// <summary>Applies a listing event (or recognises a repeat); the seller's summary when the seller was told.</summary>
    private async Task<(AckStatus Status, ListingOutcome? Outcome, SellerSummary? Told, string? Problem)> ApplyAsync(ListingUpsert upsert)
    {
        var hash = PayloadHash.Of(upsert);
        if (S.Events.Check(upsert.EventId, hash) is { } repeat)
        {
            if (repeat.IsConflict)
            {
                return (AckStatus.Conflict, null, null, repeat.Problem);
            }

            var flushed = await FlushOutboxAsync();
            return (AckStatus.Duplicate, repeat.KeptAs<ListingOutcome>() ?? ListingViews.Outcome(S), flushed, null);
        }

        if (S.Exists && !string.Equals(S.SellerId, upsert.SellerId, StringComparison.Ordinal))
        {
            return (AckStatus.Conflict, null, null, $"listing '{Id}' belongs to seller '{S.SellerId}'; a listing's seller never changes");
        }

        var active = Services.Policies.Current;
        var now = Services.Clock.UtcNow;
        ListingChanges.ApplyContent(S, upsert, active.CounterfeitTerms, now);
        await Services.Images.ObserveAsync(S, Id);
        await ReassessAsync(active, now);
        var outcome = ListingViews.Outcome(S);
        S.Events.Add(upsert.EventId, hash, outcome);
        CountIngested();
        await PersistAsync();

        // Telling the seller may have brought news of its enforcement, which the listing followed.
        var told = await FlushOutboxAsync();
        return (AckStatus.Applied, S.Status == outcome.Status ? outcome : ListingViews.Outcome(S), told, null);
    }

    public Task<Ack<ReportResult>> Report(ReportCommand report) => Moderation.Report(report);

    public Task<NoticeOutcome> ApplyNotice(string brandId, string noticeId, bool remove, bool takedown, string reason) =>
        Moderation.ApplyNotice(brandId, noticeId, remove, takedown, reason);

    public Task<ReviewEffects> ReviewDecided(string caseId, CaseOutcome outcome, string moderator) => Moderation.ReviewDecided(caseId, outcome, moderator);

    public Task<BrandRemovalRef?> Reinstate(string caseId, string moderator) => Moderation.Reinstate(caseId, moderator);

    public Task<bool> RecordScanFailure(string eventId, ScanResult result, string code) => Moderation.RecordScanFailure(eventId, result, code);

    public Task<ListingDossier?> GetDossier() => Task.FromResult(ListingViews.Dossier(S, Id));

    public Task<ListingRiskView?> GetRisk() => Task.FromResult(ListingViews.View(S, Id) is { } view
        ? view with { Shadow = S.Shadow is { } shadow && Services.Policies.Shadow?.Policy.Version == shadow.PolicyVersion ? shadow : null }
        : null);

    async Task IRecordOwner.AfterWriteAsync()
    {
        if (_removedAsCounterfeit && S.ImageHashes is { Count: > 0 })
        {
            _removedAsCounterfeit = false;
            await Services.Images.MarkCounterfeitAsync(S, Id);
        }
    }

    /// <summary>Rescores the listing and stages what its seller, brand and review case must hear; a case it opens is announced and logged with the next write.</summary>
    private async Task ReassessAsync(ActivePolicy active, DateTimeOffset now, BrandRemovalRef? noticeBy = null)
    {
        var rescore = await Services.Scorer.ScoreAsync(S, Id, active, now);
        if (ListingOutbox.Stage(S, Id, rescore, noticeBy, now) is { } opened)
        {
            _record.StageCaseOpened(S, S.OpenCaseId!, opened, now);
        }
    }

    /// <summary>Sends what the seller, brand and case have not confirmed; the seller's summary when it was told.</summary>
    private async Task<SellerSummary?> FlushOutboxAsync()
    {
        if (!ListingOutbox.HasPending(S))
        {
            _record.ClearUnsentMark();
            return null;
        }

        var sent = Services.Outbox.Send(S, Id);
        if (sent.Brand is not null)
        {
            await sent.Brand;
        }

        if (sent.Case is not null)
        {
            await sent.Case;
        }

        var reply = sent.Seller is null ? null : await sent.Seller;
        ListingOutbox.Confirm(S, sent);
        if (reply is null)
        {
            _record.ClearUnsentMark();
            return null;
        }

        if (reply.Enforcement.Epoch > S.SellerEpoch)
        {
            // The seller's enforcement moved since the listing last heard: follow it now, written
            // before the answer (the seller would tell the listing anyway, a moment later).
            S.SellerLevel = reply.Enforcement.Level;
            S.SellerEpoch = reply.Enforcement.Epoch;
            await ReassessAsync(Services.Policies.Current, Services.Clock.UtcNow);
            await PersistAsync();
            return await FlushOutboxAsync() ?? reply.Summary;
        }

        _record.ClearUnsentMark();
        return reply.Summary;
    }

    public async Task Refresh()
    {
        if (!S.Exists)
        {
            return;
        }

        // The change was made on another silo, perhaps: this silo's copy asks the directory again.
        Services.Registry.Invalidate();
        await ReassessAsync(Services.Policies.Current, Services.Clock.UtcNow);
        await PersistAsync();
        await FlushOutboxAsync();
    }

    public async Task<ListingChange?> ApplySellerEnforcement(SellerEnforcement enforcement)
    {
        if (!S.Exists)
        {
            return null;
        }

        var write = false;
        if (enforcement.Epoch > S.SellerEpoch)
        {
            S.SellerLevel = enforcement.Level;
            S.SellerEpoch = enforcement.Epoch;
            await ReassessAsync(Services.Policies.Current, Services.Clock.UtcNow);
            write = true;
        }

        // The sweeping seller applies this answer itself (a call back would rescore and write the
        // seller once per listing). New reporters still go by call: the answer is not written by
        // the seller until its sweep ends, and they must not be lost to a crash before that.
        var change = ListingOutbox.ChangeForSeller(S, Id);
        if (S.SellerPending && S.PendingReporters is null)
        {
            S.SellerPending = false;
            write = true;
        }

        if (write)
        {
            await PersistAsync();
        }

        await FlushOutboxAsync();
        return change;
    }

    Task IListingWrites.ReassessAsync(ActivePolicy active, DateTimeOffset now, BrandRemovalRef? noticeBy) => ReassessAsync(active, now, noticeBy);

    Task IListingWrites.PersistAsync() => PersistAsync();

    Task<SellerSummary?> IListingWrites.FlushOutboxAsync() => FlushOutboxAsync();

    /// <summary>Made when needed, not held: a reference is ~40 bytes a listing, kept, and little to make.</summary>
    private ISellerGrain Seller() => Services.Refs.Seller(S.SellerId!);
}
