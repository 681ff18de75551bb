using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// One review case. Opening is idempotent (the id is derived from the subject), a claim is
/// exclusive, and a resolution is written before its effects run; effects are idempotent per
/// case, so a retried resolve completes them without applying anything twice. A review case (a
/// listing's or a seller's) opens in its queue shard alone (<see cref="ICaseQueueGrain.Open"/>): its
/// grain is first activated, and takes the opening over, when a moderator works it; appeals open here.
/// </summary>
[GrainType("case")]
internal sealed class CaseGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<CaseState> state,
    RiskClock clock,
    PolicyProvider policies,
    GrainRefs refs) : DurableGrain<CaseState>(state), ICaseGrain
{
    private CaseState S => State;

    private string? _id;

    /// <summary>The grain's key, made once: Orleans builds a new string on every call.</summary>
    private string Id => _id ??= this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => FlushStagedEventsAsync();

    public Task FlushEvents() => FlushMarkedEventsAsync();

    public async Task<CaseView> Open(CaseOpening opening)
    {
        if (S.Opening is null)
        {
            S.Opening = opening;
            S.Status = CaseStatus.Open;
            AnnounceCase();
            Emit(S, EventTypes.CaseOpened, EventData.CaseSubject(Id), null, opening.At, EventData.Case(View()));
            await PersistAsync();
        }

        var view = View();
        await Queue().Upsert(view);

        // A case waits for a moderator, who finds it through the queue: held in memory until
        // then, the case queue of a busy marketplace would keep an activation for every case.
        DeactivateOnIdle();
        return view;
    }

    public async Task<CaseAnswer> Claim(string moderator)
    {
        if (!await KnownAsync())
        {
            return new CaseAnswer(AckStatus.NotFound, null, $"case '{Id}' does not exist");
        }

        if (S.Status == CaseStatus.Resolved)
        {
            return new CaseAnswer(AckStatus.Conflict, View(), $"case '{Id}' is already resolved");
        }

        if (S.Status == CaseStatus.Claimed && S.Assignee != moderator)
        {
            return new CaseAnswer(AckStatus.Conflict, View(), $"case '{Id}' is held by {S.Assignee}");
        }

        if (S.Status != CaseStatus.Claimed)
        {
            S.Status = CaseStatus.Claimed;
            S.Assignee = moderator;
            AnnounceCase();
            await PersistAsync();
        }

        var view = View();
        await Queue().Upsert(view);
        return new CaseAnswer(AckStatus.Applied, view, null);
    }

    public async Task<CaseAnswer> Resolve(CaseOutcome outcome, string note, string moderator)
    {
        if (!await KnownAsync())
        {
            return new CaseAnswer(AckStatus.NotFound, null, $"case '{Id}' does not exist");
        }

        if (S.Status == CaseStatus.Resolved)
        {
            if (S.Resolution is { } done && (done.Outcome != outcome || done.By != moderator))
            {
                return new CaseAnswer(AckStatus.Conflict, View(), $"case '{Id}' was already resolved {Names.Of(done.Outcome)} by {done.By}");
            }
        }
        else
        {
            if (S.Status == CaseStatus.Claimed && S.Assignee != moderator)
            {
                return new CaseAnswer(AckStatus.Conflict, View(), $"case '{Id}' is held by {S.Assignee}");
            }

            S.Status = CaseStatus.Resolved;
            S.Assignee ??= moderator;
            S.Resolution = new CaseResolution(outcome, note, moderator, clock.UtcNow);
            S.EffectsPending = true;
            AnnounceCase();
            Emit(S, EventTypes.CaseResolved, EventData.CaseSubject(Id), null, S.Resolution.At, EventData.Case(View()));
            await PersistAsync();
        }

        if (S.EffectsPending)
        {
            await ApplyEffectsAsync(S.Opening!, S.Resolution!);
            S.EffectsPending = false;
            await PersistAsync();
        }

        var view = View();
        await Queue().Upsert(view);
        return new CaseAnswer(AckStatus.Applied, view, null);
    }

    public async Task<CaseView?> Get() => await KnownAsync() ? View() : null;

    /// <summary>
    /// Whether the case exists. A case opened through the queue has no state of its own until a
    /// moderator works it: its grain takes the opening over from the queue (in memory; the first
    /// change writes it), numbering its events after the <c>case.opened</c> its subject wrote.
    /// </summary>
    private async Task<bool> KnownAsync()
    {
        if (S.Opening is not null)
        {
            return true;
        }

        if (await Queue().GetOpening(Id) is not { } opening || S.Opening is not null)
        {
            return S.Opening is not null;
        }

        S.Opening = opening;
        S.Status = CaseStatus.Open;
        S.EventSeq = Math.Max(S.EventSeq, CaseViews.OpenedSeq);
        return true;
    }

    private async Task ApplyEffectsAsync(CaseOpening opening, CaseResolution resolution)
    {
        var seller = GrainFactory.GetGrain<ISellerGrain>(opening.SellerId);
        var outcome = resolution.Outcome;
        await RecordOutcomeAsync(opening, resolution);
        IReadOnlyList<string> reporters = [];
        switch (opening.Kind)
        {
            case CaseKind.ListingReview when opening.ListingId is { } listingId:
                var effects = await GrainFactory.Listing(listingId).ReviewDecided(Id, outcome, resolution.By);
                reporters = effects.Reporters;
                await Task.WhenAll(effects.Notices.Select(n =>
                    GrainFactory.GetGrain<IBrandGrain>(n.BrandId).RecordNoticeDecision($"{n.NoticeId}:{listingId}", outcome == CaseOutcome.Confirmed)));
                break;

            case CaseKind.SellerReview:
                if (outcome == CaseOutcome.Confirmed)
                {
                    await seller.ConfirmInfringement(Id, null);
                }

                reporters = await seller.GetReporters();
                break;

            case CaseKind.Appeal when outcome == CaseOutcome.Dismissed && opening.ListingId is { } appealed:
                // The appeal is granted: the listing comes back, and a brand that removed it was wrong.
                if (await GrainFactory.Listing(appealed).Reinstate(Id, resolution.By) is { } removal)
                {
                    await GrainFactory.GetGrain<IBrandGrain>(removal.BrandId).RecordNoticeDecision($"{removal.NoticeId}:{appealed}", accepted: false);
                }

                break;
        }

        await Task.WhenAll(reporters.Select(r => GrainFactory.GetGrain<IReporterGrain>(r).RecordOutcome(Id, outcome)));
        await seller.CaseDecided(Id, opening.Kind, outcome, resolution.By, resolution.Note);
    }

    /// <summary>
    /// The resolution as a labelled example, with the subject's risk before the effects apply
    /// (recorded once per case however often the effects are retried). Confirmed is infringing;
    /// for an appeal, confirmed upholds the enforcement and dismissed grants the appeal.
    /// </summary>
    private Task RecordOutcomeAsync(CaseOpening opening, CaseResolution resolution)
    {
        var key = $"case:{Id}";
        var infringing = resolution.Outcome == CaseOutcome.Confirmed;
        var outcome = Names.Of(resolution.Outcome);
        var policy = policies.Current.Policy;
        return opening.Kind switch
        {
            CaseKind.ListingReview when opening.ListingId is { } listingId =>
                OutcomeRecorder.RecordListingAsync(GrainFactory, policy, key, OutcomeSource.ListingReview, listingId, infringing, outcome, resolution.At),
            CaseKind.Appeal when opening.ListingId is { } listingId =>
                OutcomeRecorder.RecordListingAsync(GrainFactory, policy, key, OutcomeSource.Appeal, listingId, infringing, outcome, resolution.At),
            CaseKind.Appeal =>
                OutcomeRecorder.RecordSellerAsync(GrainFactory, policy, key, OutcomeSource.Appeal, opening.SellerId, infringing, outcome, resolution.At),
            CaseKind.SellerReview =>
                OutcomeRecorder.RecordSellerAsync(GrainFactory, policy, key, OutcomeSource.SellerReview, opening.SellerId, infringing, outcome, resolution.At),
            _ => Task.CompletedTask,
        };
    }

    private void AnnounceCase() => Announce(CaseViews.Feed(Id, S.Opening!, S.Status, clock.UtcNow));

    private ICaseQueueGrain Queue() => refs.CaseQueueOf(Id);

    private CaseView View() => CaseViews.Of(Id, S.Opening!, S.Status, S.Assignee, S.Resolution, clock.UtcNow);
}
