using IpGuard.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>
/// A seller's live risk. Each call is checked for a repeat, applied to the state (its book of
/// listings and reporters, <see cref="SellerBook"/>; its links, <see cref="FingerprintLinker"/>;
/// its cases, <see cref="SellerCases"/>; moderators' calls, <see cref="SellerModeration"/>),
/// rescored (<see cref="SellerScorer"/>), written, and answered; reads are answered from memory
/// (<see cref="SellerViews"/>). Work that involves other grains goes through the state's outbox:
/// review cases are opened right after the write, linked sellers and listings are told of
/// enforcement from timer turns, so that no call chain ever loops back into a busy seller.
/// </summary>
[GrainType(GrainTypes.Seller)]
internal sealed class SellerGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<SellerState> state,
    PolicyProvider policies,
    SellerScorer scorer,
    FingerprintLinker linker,
    GrainRefs refs,
    RiskClock clock,
    CheckoutBoard board,
    ILogger<SellerGrain> logger) : DurableGrain<SellerState>(state), ISellerGrain, ISellerWrites
{
    private SellerCheckout? _published; // what this activation last put on the silo's checkout board
    private SellerBook? _book;
    private SellerFollowUps? _followUps;
    private SellerModeration? _moderation;

    private SellerState S => State;

    private string? _id;

    /// <summary>The grain's key, made once: Orleans builds a new string on every call.</summary>
    private string Id => _id ??= this.GetPrimaryKeyString();

    /// <summary>The seller's listings and reporters: made once an activation, over the state's journals.</summary>
    private SellerBook Book => _book ??= new SellerBook(S, Id,
        ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default), this.GetGrainId(), logger);

    /// <summary>The work done from timer turns (linked sellers, the listings' sweep, an override's end).</summary>
    private SellerFollowUps FollowUps => _followUps ??= new SellerFollowUps(this, this, S, Id, Book, linker, refs, policies, clock, logger);

    /// <summary>Overrides, appeals and decided cases.</summary>
    private SellerModeration Moderation => _moderation ??= new SellerModeration(this, S, Id, Book, FollowUps, GrainFactory, policies, clock);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await FlushStagedEventsAsync();
        await Book.LoadAsync();
        FollowUps.AfterCommit();
        FollowUps.ScheduleOverrideExpiry();
        PublishCheckout(); // last: an activation that fails is never deactivated, so never withdraws
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await base.OnDeactivateAsync(reason, cancellationToken); // may write, and so publish
        }
        finally
        {
            board.Withdraw(Id, _published); // checkouts ask the grain from here on
        }
    }

    /// <summary>The sweeper's call for a record marked long ago: appends its events, opens the case it staged (its follow-ups resumed as it loaded).</summary>
    public async Task FlushEvents()
    {
        await FlushMarkedEventsAsync();
        await FlushCaseAsync();
    }

    public Task<Ack<SellerRiskView>> Register(SellerRegistration registration) => IntakeAsync(registration.EventId,
        PayloadHash.Of(registration), registration.Fingerprints, now => SellerIntake.Register(S, registration, now), "registration");

    public Task<Ack<SellerRiskView>> RecordVerification(VerificationResult result) => IntakeAsync(result.EventId, PayloadHash.Of(result),
        result.Fingerprints, now => SellerIntake.Verify(S, result, now), $"verification {Names.Of(result.Check)} {Names.Of(result.Outcome)}");

    /// <summary>A registration or verification: checked for a repeat, its fingerprints joined, applied, rescored, written and answered.</summary>
    private async Task<Ack<SellerRiskView>> IntakeAsync(string eventId, ulong hash, Fingerprints? fingerprints, Action<DateTimeOffset> apply, string cause)
    {
        if (S.Events.Check(eventId, hash) is { } repeat)
        {
            await FlushCaseAsync();
            return RepeatView(repeat);
        }

        // Other grains first, then every change in one synchronous step: a turn that interleaves
        // (the link timer) never writes half of this event.
        var join = await linker.JoinAsync(S, Id, fingerprints, S.Exists && SuspendedOnItsOwn(clock.UtcNow));
        var now = clock.UtcNow;
        apply(now);
        FingerprintLinker.Apply(S, Id, fingerprints, join);
        return await AppliedViewAsync(eventId, hash, now, cause);
    }

    /// <summary>Rescores after an applied event, keeps its answer for repeats, writes, and answers.</summary>
    private async Task<Ack<SellerRiskView>> AppliedViewAsync(string eventId, ulong hash, DateTimeOffset now, string cause)
    {
        Rescore(now, cause, "system");
        var view = SellerViews.View(S, Id, Book, now);
        S.Events.Add(eventId, hash, view);
        CountIngested();
        await CommitAsync();
        return Ack<SellerRiskView>.Applied(view);
    }

    private Ack<SellerRiskView> RepeatView(EventRepeat repeat) =>
        repeat.Answer(() => SellerViews.View(S, Id, Book, clock.UtcNow), view => view with { Duplicate = true });

    public async Task<Ack<ReportResult>> Report(ReportCommand report)
    {
        var hash = PayloadHash.Of(report);
        if (S.Events.Check(report.EventId, hash) is { } repeat)
        {
            await FlushCaseAsync();
            return repeat.Answer(() => new ReportResult($"rpt:{report.EventId}", null, null, Summary(clock.UtcNow)), result => result with { Duplicate = true });
        }

        if (!S.Exists)
        {
            return Ack<ReportResult>.NotFound($"seller '{Id}' was never seen");
        }

        var now = clock.UtcNow;
        if (!Book.Reporters.TryGet(report.ReporterId, out _))
        {
            var weight = await GrainFactory.GetGrain<IReporterGrain>(report.ReporterId).GetWeight();
            Book.Reporters.Set(report.ReporterId, new SellerReporterEntry(report.ReporterKind, report.Reason, now, null, weight, report.Details));
        }

        Rescore(now, "report", "system");
        var answer = new ReportResult($"rpt:{report.EventId}", S.CasePendingId ?? S.OpenReviewCaseId, null, Summary(now));
        S.Events.Add(report.EventId, hash, answer);
        CountIngested();
        await CommitAsync();
        return Ack<ReportResult>.Applied(answer);
    }

    public async Task<ListingChangeReply> ApplyListingChange(ListingChange change)
    {
        var now = clock.UtcNow;
        var changed = !S.Exists;
        EnsureExists(now);
        changed |= Book.Carry(change, now, policies.Current.Policy.Seller.DormantAccountDays);

        if (change.SellerEpoch < S.EnforcementEpoch && Book.Listings.TryGet(change.ListingId, out var entry) && ListingSweep.MustHear(entry, S.EnforcedLevel))
        {
            // The listing has not heard of the current enforcement (it is new, or a message was
            // lost): its reply says so now, and the sweep makes sure of it.
            changed |= !S.EnforcementPending;
            S.EnforcementPending = true;
        }

        if (changed)
        {
            Rescore(now, $"listing {change.ListingId} {Names.Of(change.Status)}", "system");
            await CommitAsync();
        }
        else
        {
            // A repeat of a change already written: finish opening the case it decided on, if that failed.
            await FlushCaseAsync();
        }

        return new ListingChangeReply(Summary(now), ListingSweep.Current(S, Id));
    }

    public Task<SellerRiskView?> SetOverride(Decision decision, string reason, DateTimeOffset expiresAt, string actor) =>
        Moderation.SetOverride(decision, reason, expiresAt, actor);

    public Task<SellerRiskView?> ClearOverride(string actor) => Moderation.ClearOverride(actor);

    public Task<Ack<CaseView>> Appeal(AppealCommand appeal) => Moderation.Appeal(appeal);

    public Task ConfirmInfringement(string caseId, string? listingId) => Moderation.ConfirmInfringement(caseId, listingId);

    public Task CaseDecided(string caseId, CaseKind kind, CaseOutcome outcome, string moderator, string note) =>
        Moderation.CaseDecided(caseId, kind, outcome, moderator, note);

    public async Task OnLinkedEnforcement(string linkedSellerId, bool enforced, string fingerprintKey, int sharers)
    {
        if (linkedSellerId == Id || !FingerprintLinker.Hear(S, linkedSellerId, enforced, fingerprintKey, sharers))
        {
            return;
        }

        var now = clock.UtcNow;
        EnsureExists(now);
        Rescore(now, enforced ? $"linked seller {linkedSellerId} suspended" : $"linked seller {linkedSellerId} no longer suspended", "system");
        await CommitAsync();
    }

    public async Task RecordScanFailure(string eventId, ScanResult result, string code)
    {
        if (!S.ScanFailures.TryAdd(eventId, result))
        {
            return;
        }

        var now = clock.UtcNow;
        S.ScanDetails[eventId] = new ScanView(eventId, result, code, now);
        EnsureExists(now);
        Rescore(now, $"Transparency scan {Names.Of(result)}", "system");
        await CommitAsync();
    }

    public Task<IReadOnlyList<string>> GetListingsOfBrand(string brandId) =>
        Task.FromResult<IReadOnlyList<string>>([.. Book.Listings.Current.Where(e => e.Value.BrandId == brandId).Select(e => e.Key)]);

    public Task<IReadOnlyList<string>> GetReporters() => Task.FromResult<IReadOnlyList<string>>([.. Book.Reporters.Current.Keys]);

    public Task<SellerDossierFacts?> GetDossierFacts() =>
        Task.FromResult(S.Exists ? SellerViews.Dossier(S, Id, Book, clock.UtcNow) : null);

    public Task<SellerRiskView?> GetRisk() => Task.FromResult(S.Exists
        ? SellerViews.View(S, Id, Book, clock.UtcNow) with { Shadow = S.Shadow is { } shadow && policies.Shadow?.Policy.Version == shadow.PolicyVersion ? shadow : null }
        : null);

    public Task<SellerSummary?> GetSummary() => Task.FromResult(S.Exists ? Summary(clock.UtcNow) : null);

    public Task<CheckoutAnswer> GetCheckout(CheckoutQuery query) => Task.FromResult(SellerCheckout.Of(S, Book).Answer(query, policies.Current.Policy.Version, clock.UtcNow));

    /// <summary>Writes the state, then opens the case it decided on (if any) and starts the follow-ups its outbox needs.</summary>
    private async Task CommitAsync()
    {
        await PersistAsync();
        await FlushCaseAsync();
        FollowUps.AfterCommit();
    }

    void ISellerWrites.Rescore(DateTimeOffset now, string cause, string actor) => Rescore(now, cause, actor);

    void ISellerWrites.AnnounceRisk(DateTimeOffset now, Decision? previous) => AnnounceRisk(now, previous);

    Task ISellerWrites.CommitAsync() => CommitAsync();

    Task ISellerWrites.PersistAsync() => PersistAsync();

    protected override void BeforeWrite() => Book.BeforeWrite();

    protected override Task AfterWriteAsync()
    {
        PublishCheckout(); // before the writer is answered
        return Book.AfterWriteAsync();
    }

    private void PublishCheckout() => board.Publish(Id, _published = SellerCheckout.Of(S, Book));

    private async Task FlushCaseAsync()
    {
        if (S.CasePending is not { } opening || S.CasePendingId is not { } caseId)
        {
            return;
        }

        await refs.CaseQueueOf(caseId).Open(caseId, opening);
        S.CasePending = null;
        S.CasePendingId = null;
        Durable.ClearUnsentMark();
    }

    private void Rescore(DateTimeOffset now, string cause, string actor)
    {
        var staged = S.CasePendingId;
        if (scorer.Rescore(S, Id, Book, now, cause, actor) is { Announce: true } move)
        {
            AnnounceRisk(now, move.Previous);
        }

        if (S.CasePendingId is { } caseId && caseId != staged && S.CasePending is { } opening)
        {
            StageCaseOpened(S, caseId, opening, now); // it opens in its queue shard alone, as a listing's does
        }
    }

    private void AnnounceRisk(DateTimeOffset now, Decision? previous)
    {
        var effective = SellerTimeline.Effective(S, now);
        Announce(new FeedEvent(FeedKind.Risk, Id, now, S.Score, S.Band, effective, previous, SellerId: Id));

        // A new seller at allow is no change a marketplace must act on.
        if (previous is { } before ? before != effective : effective != Decision.Allow)
        {
            Emit(S, EventTypes.SellerDecisionChanged, EventData.SellerSubject(Id), null, now,
                EventData.SellerDecision(Id, effective, previous, S.Score, SellerViews.DecisionReasons(S, now), S.PolicyVersion));
        }
    }

    private bool SuspendedOnItsOwn(DateTimeOffset now) => SellerTimeline.SuspendedOnItsOwn(S, now, policies.Current.Policy);

    private SellerSummary Summary(DateTimeOffset now) => SellerViews.Summary(S, Id, now);

    private void EnsureExists(DateTimeOffset now) => SellerIntake.EnsureExists(S, now);
}
