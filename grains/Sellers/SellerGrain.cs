using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>
/// A seller's live risk. Every change rescores it and moves the decision with hysteresis;
/// reads (risk, checkout) are answered from memory and interleave with each other. Work that
/// involves other grains goes through the state's outbox: review cases are opened right after
/// the write, linked sellers are told of a suspension from a timer turn, so that no call chain
/// ever loops back into a busy seller.
/// </summary>
[GrainType(GrainTypes.Seller)]
internal sealed partial class SellerGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<SellerState> state,
    PolicyProvider policies,
    ShadowTally shadowTally,
    RiskClock clock,
    ILogger<SellerGrain> logger) : DurableGrain, ISellerGrain
{
    /// <summary>The storage name of the seller's snapshot (listing and reporter entries), beside its "state"; named when it held listings only.</summary>
    public const string ListingSnapshotName = "listings";

    /// <summary>How many timeline entries are kept.</summary>
    public const int TimelineCapacity = 2000;

    /// <summary>How many verification outcomes the history keeps.</summary>
    public const int VerificationHistoryCapacity = 200;

    private IGrainTimer? _linkTimer;
    private IGrainTimer? _expiryTimer;
    private JournaledMap<SellerListingEntry>? _book;
    private JournaledMap<SellerReporterEntry>? _reporters;
    private GrainState<SellerListingSnapshot>? _snapshotRecord;
    private KeyValuePair<string, SellerListingEntry>[]? _dueListings;
    private KeyValuePair<string, SellerReporterEntry>[]? _dueReporters;

    /// <summary>The seller's listings: its own journal over the snapshot.</summary>
    private JournaledMap<SellerListingEntry> Book => _book ??= new JournaledMap<SellerListingEntry>(S.Listings, static e => e.Version);

    /// <summary>The seller's distinct reporters (never replaced once added): its own journal over the snapshot.</summary>
    private JournaledMap<SellerReporterEntry> ReporterBook => _reporters ??= new JournaledMap<SellerReporterEntry>(S.Reporters, static _ => 0);

    private SellerState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await FlushStagedEventsAsync(state);
        if (S.HasListingSnapshot)
        {
            await LoadSnapshotAsync();
            RecountListings();
        }

        if (S.LinkNotifyPending)
        {
            ScheduleLinkNotifications();
        }

        if (S.EnforcementPending)
        {
            ScheduleEnforcementSweep();
        }

        ScheduleOverrideExpiry();
    }

    public Task FlushEvents() => FlushMarkedEventsAsync(state);

    public async Task<Ack<SellerRiskView>> Register(SellerRegistration registration)
    {
        var hash = PayloadHash.Of(registration);
        if (S.Events.Check(registration.EventId, hash) is { } repeat)
        {
            await FlushCaseAsync();
            return repeat.IsConflict
                ? repeat.Conflict<SellerRiskView>()
                : Ack<SellerRiskView>.Duplicate((repeat.KeptAs<SellerRiskView>() ?? View(clock.UtcNow)) with { Duplicate = true });
        }

        // Other grains first, then every change in one synchronous step: a turn that interleaves
        // (the link timer) never writes half of this event.
        var links = await LinkFingerprintsAsync(registration.Fingerprints);
        var now = clock.UtcNow;
        EnsureExists(now);
        S.RegisteredAt = registration.RegisteredAt ?? S.RegisteredAt ?? now;
        S.Country = registration.Country ?? S.Country;
        S.Fingerprints = Merge(S.Fingerprints, registration.Fingerprints);
        ApplyLinks(links);
        Rescore(now, "registration", "system");
        var view = View(now);
        S.Events.Add(registration.EventId, hash, view);
        CountIngested();
        await CommitAsync();
        return Ack<SellerRiskView>.Applied(view);
    }

    public async Task<Ack<SellerRiskView>> RecordVerification(VerificationResult result)
    {
        var hash = PayloadHash.Of(result);
        if (S.Events.Check(result.EventId, hash) is { } repeat)
        {
            await FlushCaseAsync();
            return repeat.IsConflict
                ? repeat.Conflict<SellerRiskView>()
                : Ack<SellerRiskView>.Duplicate((repeat.KeptAs<SellerRiskView>() ?? View(clock.UtcNow)) with { Duplicate = true });
        }

        var links = await LinkFingerprintsAsync(result.Fingerprints);
        var now = clock.UtcNow;
        EnsureExists(now);
        S.Verifications[result.Check] = new VerificationStatus(result.Outcome, now);
        S.VerificationHistory.Add(new VerificationRecord(result.Check, result.Outcome, now, result.EventId));
        if (S.VerificationHistory.Count > VerificationHistoryCapacity)
        {
            S.VerificationHistory.RemoveAt(0);
        }

        S.Fingerprints = Merge(S.Fingerprints, result.Fingerprints);
        ApplyLinks(links);
        Rescore(now, $"verification {Names.Of(result.Check)} {Names.Of(result.Outcome)}", "system");
        var view = View(now);
        S.Events.Add(result.EventId, hash, view);
        CountIngested();
        await CommitAsync();
        return Ack<SellerRiskView>.Applied(view);
    }

    public async Task<Ack<ReportResult>> Report(ReportCommand report)
    {
        var hash = PayloadHash.Of(report);
        if (S.Events.Check(report.EventId, hash) is { } repeat)
        {
            await FlushCaseAsync();
            return repeat.IsConflict
                ? repeat.Conflict<ReportResult>()
                : Ack<ReportResult>.Duplicate((repeat.KeptAs<ReportResult>() ?? new ReportResult($"rpt:{report.EventId}", null, null, Summary(clock.UtcNow))) with { Duplicate = true });
        }

        if (!S.Exists)
        {
            return Ack<ReportResult>.NotFound($"seller '{Id}' was never seen");
        }

        var now = clock.UtcNow;
        if (!ReporterBook.TryGet(report.ReporterId, out _))
        {
            var weight = await GrainFactory.GetGrain<IReporterGrain>(report.ReporterId).GetWeight();
            ReporterBook.Set(report.ReporterId, new SellerReporterEntry(report.ReporterKind, report.Reason, now, null, weight, report.Details));
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
        changed |= Carry(change, now);

        if (change.SellerEpoch < S.EnforcementEpoch && Book.TryGet(change.ListingId, out var entry) && MustHear(entry, S.EnforcedLevel))
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

        return new ListingChangeReply(Summary(now), Enforcement());
    }

    /// <summary>Carries a listing's change into the book (an older version changes nothing); whether anything changed.</summary>
    private bool Carry(ListingChange change, DateTimeOffset now)
    {
        var changed = false;
        if (!Book.TryGet(change.ListingId, out var known) || known.Version < change.Version)
        {
            if (known is not null)
            {
                Count(known.Status, -1);
            }

            Book.Set(change.ListingId, new SellerListingEntry(change.Version, change.BrandId, change.Status, change.Score,
                change.RemovedBy, change.At, change.BrandNotices, change.ConfirmedBy, change.RemovedBySeller, change.Signals, change.ListedAt));
            Count(change.Status, +1);
            if (change.ListedAt is { } listedAt)
            {
                NoteListingActivity(listedAt);
            }

            if (change.ConfirmedBy is { } caseId && !S.ConfirmedInfringements.Exists(c => c.Source == caseId))
            {
                S.ConfirmedInfringements.Add(new ConfirmedInfringement(now, change.ListingId, caseId));
            }

            changed = true;
        }

        foreach (var reporter in change.NewReporters)
        {
            if (!ReporterBook.TryGet(reporter.ReporterId, out _))
            {
                ReporterBook.Set(reporter.ReporterId, new SellerReporterEntry(reporter.Kind, reporter.Reason, reporter.At, change.ListingId, reporter.Weight));
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>
    /// Keeps the seller's latest listing activity and notes a return from dormancy: activity after a
    /// gap of <see cref="SellerPolicy.DormantAccountDays"/> or more. Activity older than the latest
    /// known (a late backfill) changes nothing.
    /// </summary>
    private void NoteListingActivity(DateTimeOffset at)
    {
        if (S.LastListedAt is { } last)
        {
            if (at <= last)
            {
                return;
            }

            if ((at - last).TotalDays >= policies.Current.Policy.Seller.DormantAccountDays)
            {
                S.DormantSince = last;
                S.ReturnedAt = at;
            }
        }

        S.LastListedAt = at;
    }

    public async Task<SellerRiskView?> SetOverride(Decision decision, string reason, DateTimeOffset expiresAt, string actor)
    {
        if (!S.Exists)
        {
            return null;
        }

        var now = clock.UtcNow;
        var before = Effective(now);
        S.Override = new OverrideView(decision, reason, expiresAt, actor, now);
        Record(now, "override_set", before, decision, $"override until {expiresAt:O}: {reason}", actor);
        AnnounceRisk(now, before);
        AfterDecisionChange(now, before);
        await CommitAsync();
        ScheduleOverrideExpiry();
        return View(now);
    }

    public async Task<SellerRiskView?> ClearOverride(string actor)
    {
        if (!S.Exists)
        {
            return null;
        }

        var now = clock.UtcNow;
        if (S.Override is not null)
        {
            var before = Effective(now);
            S.Override = null;
            Record(now, "override_cleared", before, S.Decision, "override removed", actor);
            AnnounceRisk(now, before);
            AfterDecisionChange(now, before);
            await CommitAsync();
            ScheduleOverrideExpiry();
        }

        return View(now);
    }

    public async Task<Ack<CaseView>> Appeal(AppealCommand appeal)
    {
        var hash = PayloadHash.Of(appeal);
        if (S.Events.Check(appeal.EventId, hash) is { } repeat)
        {
            return repeat.IsConflict
                ? repeat.Conflict<CaseView>()
                : Ack<CaseView>.Duplicate(repeat.KeptAs<CaseView>() ?? await Case(repeat.KeptAs<string>()).Get() ?? throw new InvalidOperationException("appeal case missing"));
        }

        if (!S.Exists)
        {
            return Ack<CaseView>.NotFound($"seller '{Id}' was never seen");
        }

        var now = clock.UtcNow;
        var subject = appeal.ListingId ?? Id;
        if (appeal.ListingId is { } listingId)
        {
            if (!Book.TryGet(listingId, out var listing))
            {
                return Ack<CaseView>.NotFound($"listing '{listingId}' is not one of seller '{Id}''s listings");
            }

            if (listing.Status != ListingStatus.Removed)
            {
                return Ack<CaseView>.Conflict($"listing '{listingId}' is not removed; there is nothing to appeal");
            }
        }
        else if (Effective(now) < Decision.Restrict)
        {
            return Ack<CaseView>.Conflict($"seller '{Id}' is neither restricted nor suspended; there is nothing to appeal");
        }

        if (S.OpenAppeals.TryGetValue(subject, out var openCase) && await Case(openCase).Get() is { Status: not CaseStatus.Resolved } existing)
        {
            S.Events.Add(appeal.EventId, hash, openCase);
            await CommitAsync();
            return Ack<CaseView>.Applied(existing);
        }

        var caseId = CaseIds.For(CaseKind.Appeal, subject, ++S.CaseCounter);
        S.OpenAppeals[subject] = caseId;
        Record(now, "appeal_opened", null, null, $"appeal {caseId} against {(appeal.ListingId is null ? "the seller's " + Names.Of(Effective(now)) : "removal of listing " + appeal.ListingId)}", "seller");
        S.Events.Add(appeal.EventId, hash, caseId);
        await CommitAsync();
        var view = await Case(caseId).Open(new CaseOpening(CaseKind.Appeal, subject, Id, appeal.ListingId, "appeal", S.Score, now, null, null, appeal.Statement));
        return Ack<CaseView>.Applied(view);
    }

    public async Task ConfirmInfringement(string caseId, string? listingId)
    {
        if (S.ConfirmedInfringements.Exists(c => c.Source == caseId))
        {
            return;
        }

        var now = clock.UtcNow;
        EnsureExists(now);
        S.ConfirmedInfringements.Add(new ConfirmedInfringement(now, listingId, caseId));
        Rescore(now, $"confirmed infringement ({caseId})", "moderator");
        await CommitAsync();
    }

    public async Task CaseDecided(string caseId, CaseKind kind, CaseOutcome outcome, string moderator, string note)
    {
        var once = OnceKeys.CaseDecided(caseId);
        if (S.Events.IsMarked(once) || DecidedBeforeTypedRecord(caseId))
        {
            return;
        }

        var now = clock.UtcNow;
        EnsureExists(now);
        if (S.OpenReviewCaseId == caseId)
        {
            S.OpenReviewCaseId = null;
        }

        foreach (var (subject, open) in S.OpenAppeals.Where(a => a.Value == caseId).ToList())
        {
            S.OpenAppeals.Remove(subject);
        }

        var before = Effective(now);
        var what = kind == CaseKind.Appeal
            ? (outcome == CaseOutcome.Dismissed ? "appeal granted" : "appeal rejected")
            : $"{Names.Of(kind)} {Names.Of(outcome)}";
        var policy = policies.Current.Policy;
        if (kind == CaseKind.Appeal && outcome == CaseOutcome.Dismissed && before >= Decision.Restrict)
        {
            // A granted appeal of the seller's own restriction reinstates it under monitoring.
            S.Override = new OverrideView(Decision.Monitor, $"appeal granted ({caseId})", now.AddDays(policy.Enforcement.AppealReinstateDays), moderator, now);
        }

        Record(now, $"case_{Names.Of(outcome)}", before, Effective(now), $"{what} ({caseId}): {note}", moderator);
        S.Events.Mark(once);
        ScheduleOverrideExpiry();
        if (before != Effective(now))
        {
            AnnounceRisk(now, before);
        }
        AfterDecisionChange(now, before);
        await CommitAsync();
    }

    /// <summary>
    /// A case decided by a build that recorded decisions in the timeline only: its entry names the case.
    /// </summary>
    // REVIEW: only for states written before case decisions went into the event window; remove
    // once every stored seller has been rewritten since.
    private bool DecidedBeforeTypedRecord(string caseId) =>
        S.Timeline.Exists(t => t.Kind.StartsWith("case_", StringComparison.Ordinal) && t.Reason.Contains($"({caseId})", StringComparison.Ordinal));

    public async Task OnLinkedEnforcement(string linkedSellerId, bool enforced, string fingerprintKey, int sharers)
    {
        if (linkedSellerId == Id)
        {
            return;
        }

        var known = S.LinkKeys.GetValueOrDefault(linkedSellerId) == fingerprintKey && S.KeySharers.GetValueOrDefault(fingerprintKey) == sharers;
        if (enforced ? !S.EnforcedLinks.Add(linkedSellerId) && known : !S.EnforcedLinks.Remove(linkedSellerId))
        {
            return;
        }

        if (enforced)
        {
            S.LinkKeys[linkedSellerId] = fingerprintKey;
            S.KeySharers[fingerprintKey] = sharers;
        }
        else
        {
            S.LinkKeys.Remove(linkedSellerId);
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
        Task.FromResult<IReadOnlyList<string>>([.. Book.Current.Where(e => e.Value.BrandId == brandId).Select(e => e.Key)]);

    public Task<IReadOnlyList<string>> GetReporters() => Task.FromResult<IReadOnlyList<string>>([.. ReporterBook.Current.Keys]);

    public Task<SellerDossierFacts?> GetDossierFacts()
    {
        if (!S.Exists)
        {
            return Task.FromResult<SellerDossierFacts?>(null);
        }

        var now = clock.UtcNow;
        return Task.FromResult<SellerDossierFacts?>(new SellerDossierFacts(
            View(now),
            S.Fingerprints,
            [.. S.VerificationHistory.Select(v => new VerificationEvent(v.Check, v.Outcome, v.At, v.EventId))],
            [.. Book.Current.Keys],
            [.. ReporterBook.Current.Select(r => new ReportView(r.Key, r.Value.Kind, r.Value.Reason, r.Value.At, r.Value.ListingId, r.Value.Weight, r.Value.Details))],
            [.. S.ConfirmedInfringements.Select(c => new ConfirmedInfringementView(c.At, c.ListingId, c.Source))],
            [.. S.Timeline],
            [.. S.ScanFailures.Select(f => S.ScanDetails.GetValueOrDefault(f.Key) ?? new ScanView(f.Key, f.Value, "", S.UpdatedAt))]));
    }

    public Task<SellerRiskView?> GetRisk() => Task.FromResult(S.Exists ? View(clock.UtcNow) with { Shadow = RunningShadow() } : null);

    /// <summary>The shadow version's view of the seller, while that version runs in shadow.</summary>
    private SellerShadowView? RunningShadow() =>
        S.Shadow is { } shadow && policies.Shadow?.Policy.Version == shadow.PolicyVersion ? shadow : null;

    public Task<SellerSummary?> GetSummary() => Task.FromResult(S.Exists ? Summary(clock.UtcNow) : null);

    public Task<CheckoutAnswer> GetCheckout(CheckoutQuery query)
    {
        var now = clock.UtcNow;
        var policyVersion = S.Exists ? S.PolicyVersion : policies.Current.Policy.Version;
        ListingStatus? listingStatus = query.ListingId is not null && Book.TryGet(query.ListingId, out var listing)
            ? listing.Status
            : null;
        Decision? decision = S.Exists ? Effective(now) : null;
        var (outcome, reasons) = CheckoutModel.Decide(decision, query.ListingId is not null, listingStatus);
        return Task.FromResult(new CheckoutAnswer(outcome, decision, S.Exists ? S.Score : null, reasons, policyVersion));
    }

    /// <summary>Writes the state, then opens the case it decided on (if any).</summary>
    private async Task CommitAsync()
    {
        await PersistAsync(state);
        await FlushCaseAsync();
        if (S.LinkNotifyPending)
        {
            ScheduleLinkNotifications();
        }

        if (S.EnforcementPending)
        {
            ScheduleEnforcementSweep();
        }
    }

    protected override void BeforeWrite()
    {
        _dueListings = Book.DueForSnapshot();
        _dueReporters = ReporterBook.DueForSnapshot();
    }

    /// <summary>
    /// After a write whose journal outgrew its bound: moves those (now durable) entries into the
    /// listing snapshot, writes it, and trims them from the journal; the trimmed journal and
    /// <see cref="SellerState.HasListingSnapshot"/> go out with the next write. Until then the
    /// stored journal still holds every moved entry, so a crash at any point loses nothing.
    /// </summary>
    protected override async Task AfterWriteAsync()
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
            Book.MoveToSnapshot(listings);
            ReporterBook.MoveToSnapshot(reporters);
            record.State = new SellerListingSnapshot { Listings = Book.Snapshot, Reporters = ReporterBook.Snapshot };
            await SnapshotStorage.WriteStateAsync(ListingSnapshotName, this.GetGrainId(), record);
            Book.TrimJournal(listings);
            ReporterBook.TrimJournal(reporters);
            S.HasListingSnapshot = true;
        }
        catch (Exception e)
        {
            // The change itself is written, and the journal still holds every entry (nothing was
            // trimmed), so memory is consistent; only the snapshot is behind. The next one re-reads
            // the stored record first, for its ETag (a write that timed out may have landed).
            _snapshotRecord = null;
            logger.LogWarning(e, "Seller {SellerId}: writing the listing snapshot failed; the journals keep their {Listings} listing and {Reporters} reporter entries and the next write tries again", Id, Book.JournalCount, ReporterBook.JournalCount);
        }
    }

    /// <summary>
    /// Checks the listing counters against the entries once a snapshot is loaded, and mends them:
    /// they only drift if the two records were ever out of step (say, a build that did not know
    /// the snapshot wrote the seller), and a seller should not stay wrong for it.
    /// </summary>
    private void RecountListings()
    {
        var (active, removed) = (S.ActiveListings, S.RemovedListings);
        (S.ActiveListings, S.RemovedListings) = (0, 0);
        foreach (var entry in Book.Current.Values)
        {
            Count(entry.Status, +1);
        }

        if (active != S.ActiveListings || removed != S.RemovedListings)
        {
            logger.LogWarning("Seller {SellerId}: listing counters {Active}/{Removed} disagreed with its entries {CountedActive}/{CountedRemoved}; using the entries",
                Id, active, removed, S.ActiveListings, S.RemovedListings);
        }
    }

    private IGrainStorage SnapshotStorage => ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    private async Task<GrainState<SellerListingSnapshot>> LoadSnapshotAsync()
    {
        var record = new GrainState<SellerListingSnapshot>(new SellerListingSnapshot());
        await SnapshotStorage.ReadStateAsync(ListingSnapshotName, this.GetGrainId(), record);
        if (S.HasListingSnapshot && !record.RecordExists)
        {
            logger.LogError("Seller {SellerId}: its listing snapshot is missing from storage; it answers from the {Entries} entries of its own record", Id, Book.JournalCount);
        }

        if (record.State is { } stored)
        {
            Book.Load(stored.Listings);
            ReporterBook.Load(stored.Reporters);
        }

        _snapshotRecord = record;
        return record;
    }

    private async Task FlushCaseAsync()
    {
        if (S.CasePending is not { } opening || S.CasePendingId is not { } caseId)
        {
            return;
        }

        await Case(caseId).Open(opening);
        S.CasePending = null;
        S.CasePendingId = null;
    }

    /// <summary>
    /// Suspended for what the seller did itself (or by a moderator), not only through its links:
    /// what linked sellers are told. Two accounts linked to each other would otherwise hold each
    /// other suspended after the first one's suspension ends.
    /// </summary>
    private bool SuspendedOnItsOwn(DateTimeOffset now)
    {
        if (Effective(now) != Decision.Suspend)
        {
            return false;
        }

        if (S.Override is { } o && o.ExpiresAt > now)
        {
            return true;
        }

        // The score without the links (and before clipping to 0..100).
        var own = 0;
        foreach (var factor in S.Factors)
        {
            if (factor.Code is not ("linked_to_enforced" or "score_cap" or "score_floor"))
            {
                own += factor.Points;
            }
        }

        return own >= policies.Current.Policy.Decisions.Suspend;
    }

    private Decision Effective(DateTimeOffset now) =>
        S.Override is { } o && o.ExpiresAt > now ? o.Decision : S.Decision;

    private void Rescore(DateTimeOffset now, string cause, string actor)
    {
        var policy = policies.Current.Policy;
        var facts = Facts();
        var assessment = SellerModel.Assess(facts, policy, now);
        var effectiveBefore = Effective(now);
        var scoreBefore = S.Score;
        var first = S.UpdatedAt == default;
        var previous = S.Decision;
        var next = Decisions.Next(assessment.Score, previous, policy.Decisions);

        S.Score = assessment.Score;
        S.Band = assessment.Band;
        S.Factors = [.. assessment.Factors];
        S.PolicyVersion = policy.Version;
        S.UpdatedAt = now;

        if (S.Override is { } o && o.ExpiresAt <= now)
        {
            Record(now, "override_expired", o.Decision, next, "override expired", "system");
            S.Override = null;
        }

        if (next != previous)
        {
            S.Decision = next;
            S.DecisionSince = now;
            var top = string.Join(", ", assessment.Factors.Where(f => f.Points > 0).Take(3).Select(f => $"{f.Code} {f.Points}"));
            Record(now, "decision", previous, next, $"{cause}: score {assessment.Score} ({top})", actor);
        }

        if (S.OpenReviewCaseId is null && S.CasePending is null)
        {
            var effective = Effective(now);
            if (effective >= Decision.Review && effectiveBefore < Decision.Review)
            {
                OpenReview(now, $"decision reached {Names.Of(effective)}");
            }
            else if (!S.MassReportCaseOpened && ReporterBook.Count >= policy.Enforcement.MassReportThreshold)
            {
                S.MassReportCaseOpened = true;
                OpenReview(now, $"mass_reports: {ReporterBook.Count} distinct reporters");
            }
        }

        AfterDecisionChange(now, effectiveBefore);
        if (first || scoreBefore != S.Score || effectiveBefore != Effective(now))
        {
            AnnounceRisk(now, first ? null : effectiveBefore);
        }

        if (policies.Shadow is { } shadow)
        {
            ScoreShadow(facts, shadow.Policy, now);
        }
    }

    /// <summary>
    /// Scores the seller under the shadow version as well: kept in the state for moderators'
    /// views and counted in the version's report, it touches no decision, answer, timeline or feed.
    /// The decision starts from allow under a new shadow version (thresholds alone), then follows
    /// its own hysteresis.
    /// </summary>
    private void ScoreShadow(SellerFacts facts, RiskPolicy shadow, DateTimeOffset now)
    {
        var assessment = SellerModel.Assess(facts, shadow, now);
        var same = S.Shadow?.PolicyVersion == shadow.Version;
        var decision = Decisions.Next(assessment.Score, same ? S.Shadow!.Decision : Decision.Allow, shadow.Decisions);
        var pair = ShadowPairs.Of(S.Decision, decision);
        if (!same || pair != S.ShadowPair)
        {
            shadowTally.Record(shadow.Version, seller: true, same ? S.ShadowPair : null, pair,
                new ShadowExample("seller", Id, Names.Of(S.Decision), Names.Of(decision), S.Score, assessment.Score, now));
        }

        S.Shadow = new SellerShadowView(shadow.Version, assessment.Score, decision);
        S.ShadowPair = pair;
    }

    private void AnnounceRisk(DateTimeOffset now, Decision? previous)
    {
        var effective = Effective(now);
        Announce(new FeedEvent(FeedKind.Risk, Id, now, S.Score, S.Band, effective, previous, SellerId: Id));

        // A new seller at allow is no change a marketplace must act on.
        if (previous is { } before ? before != effective : effective != Decision.Allow)
        {
            List<string> reasons = [.. S.Factors.Where(f => f.Points > 0).Select(f => f.Code)];
            if (S.Override is { } o && o.ExpiresAt > now)
            {
                reasons.Insert(0, "override");
            }

            Emit(S, EventTypes.SellerDecisionChanged, EventData.SellerSubject(Id), null, now,
                EventData.SellerDecision(Id, effective, previous, S.Score, reasons, S.PolicyVersion));
        }
    }

    private void OpenReview(DateTimeOffset now, string reason)
    {
        var caseId = CaseIds.For(CaseKind.SellerReview, Id, ++S.CaseCounter);
        S.OpenReviewCaseId = caseId;
        S.CasePendingId = caseId;
        S.CasePending = new CaseOpening(CaseKind.SellerReview, Id, Id, null, reason, S.Score, now, null, null, null);
    }

    /// <summary>Schedules telling linked sellers when suspension starts or ends.</summary>
    private void AfterDecisionChange(DateTimeOffset now, Decision before)
    {
        ChangeEnforcementLevel(now);
        var suspended = SuspendedOnItsOwn(now);
        if (suspended != S.LinkEnforcedPublished && S.FingerprintKeys.Count > 0)
        {
            S.LinkNotifyPending = true;
        }
    }

    private void Record(DateTimeOffset now, string kind, Decision? from, Decision? to, string reason, string actor)
    {
        S.Timeline.Add(new TimelineEntry(now, kind, from, to, S.Score, reason, actor, policies.Current.Policy.Version));
        if (S.Timeline.Count > TimelineCapacity)
        {
            S.Timeline.RemoveAt(0);
        }
    }

    /// <summary>Joins the fingerprint grains of new fingerprints; answers them with their other members.</summary>
    private async Task<(List<string> Keys, IReadOnlyList<LinkedMember>[] Members, bool Suspended)> LinkFingerprintsAsync(Fingerprints? fingerprints)
    {
        var keys = FingerprintKeys(fingerprints).Where(k => !S.FingerprintKeys.Contains(k)).ToList();
        var suspended = S.Exists && SuspendedOnItsOwn(clock.UtcNow);
        if (keys.Count == 0)
        {
            return (keys, [], suspended);
        }

        var members = await Task.WhenAll(keys.Select(k => GrainFactory.GetGrain<IFingerprintGrain>(k).Link(Id, suspended)));
        return (keys, members, suspended);
    }

    /// <summary>Records the joined fingerprints and which linked sellers are suspended.</summary>
    private void ApplyLinks((List<string> Keys, IReadOnlyList<LinkedMember>[] Members, bool Suspended) links)
    {
        if (links.Keys.Count == 0)
        {
            return;
        }

        S.FingerprintKeys.AddRange(links.Keys.Where(k => !S.FingerprintKeys.Contains(k)));
        for (var i = 0; i < links.Keys.Count; i++)
        {
            var key = links.Keys[i];
            S.KeySharers[key] = links.Members[i].Count(m => m.SellerId != Id);
            foreach (var member in links.Members[i])
            {
                if (member.Enforced && member.SellerId != Id)
                {
                    S.EnforcedLinks.Add(member.SellerId);
                    S.LinkKeys[member.SellerId] = Links.Strongest(S.LinkKeys.GetValueOrDefault(member.SellerId), key);
                }
            }
        }

        if (links.Suspended)
        {
            // The new links must hear that this seller is suspended.
            S.LinkEnforcedPublished = false;
            S.LinkNotifyPending = true;
        }
    }

    /// <summary>
    /// Rescores when the override expires, so that the computed decision (and what linked
    /// sellers are told) returns on time rather than at the seller's next change.
    /// </summary>
    private void ScheduleOverrideExpiry()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        if (S.Override is not { } o)
        {
            return;
        }

        var due = TimeSpan.FromTicks(Math.Clamp((o.ExpiresAt - clock.UtcNow).Ticks, 0, TimeSpan.FromDays(40).Ticks));
        _expiryTimer = this.RegisterGrainTimer(ExpireOverrideAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = false });
    }

    private async Task ExpireOverrideAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        if (S.Override is { } o && o.ExpiresAt <= now)
        {
            Rescore(now, "override expired", "system");
            await CommitAsync();
        }
        else
        {
            ScheduleOverrideExpiry();
        }
    }

    private void ScheduleLinkNotifications()
    {
        _linkTimer?.Dispose();
        // Interleaved: while this turn waits on linked sellers, they may call this seller back
        // (OnLinkedEnforcement) without either waiting for the other.
        _linkTimer = this.RegisterGrainTimer(NotifyLinksAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    /// <summary>From a timer turn: tells every linked seller whether this seller is suspended.</summary>
    private async Task NotifyLinksAsync(CancellationToken cancellationToken)
    {
        if (!S.LinkNotifyPending)
        {
            return;
        }

        var suspended = SuspendedOnItsOwn(clock.UtcNow);
        var keys = S.FingerprintKeys.ToList();
        var members = await Task.WhenAll(keys.Select(k => GrainFactory.GetGrain<IFingerprintGrain>(k).SetEnforced(Id, suspended)));

        // Each linked seller hears of its strongest link to this one, and how many share it.
        var links = new Dictionary<string, (string Key, int Sharers)>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            foreach (var member in members[i])
            {
                if (member.SellerId != Id && Links.Strongest(links.GetValueOrDefault(member.SellerId).Key, keys[i]) == keys[i])
                {
                    links[member.SellerId] = (keys[i], members[i].Count - 1);
                }
            }
        }

        await Task.WhenAll(links.Select(l => GrainFactory.GetGrain<ISellerGrain>(l.Key).OnLinkedEnforcement(Id, suspended, l.Value.Key, l.Value.Sharers)));
        if (SuspendedOnItsOwn(clock.UtcNow) != suspended)
        {
            // The decision moved while the links were being told: tell them again.
            ScheduleLinkNotifications();
            return;
        }

        S.LinkEnforcedPublished = suspended;
        S.LinkNotifyPending = false;
        await PersistAsync(state);
    }

    private static IEnumerable<string> FingerprintKeys(Fingerprints? f)
    {
        if (f is null)
        {
            yield break;
        }

        if (!string.IsNullOrEmpty(f.BankAccountHash)) yield return $"bank:{f.BankAccountHash}";
        if (!string.IsNullOrEmpty(f.DeviceId)) yield return $"device:{f.DeviceId}";
        if (!string.IsNullOrEmpty(f.AddressHash)) yield return $"address:{f.AddressHash}";
        if (!string.IsNullOrEmpty(f.TaxIdHash)) yield return $"tax:{f.TaxIdHash}";
    }

    private ICaseGrain Case(string? caseId) => GrainFactory.GetGrain<ICaseGrain>(caseId ?? throw new InvalidOperationException("no case id"));

    private void EnsureExists(DateTimeOffset now)
    {
        if (!S.Exists)
        {
            S.Exists = true;
            S.FirstSeenAt = now;
            S.Decision = Decision.Allow;
            S.DecisionSince = now;
        }
    }

    private void Count(ListingStatus status, int delta)
    {
        switch (status)
        {
            case ListingStatus.Active or ListingStatus.Flagged: S.ActiveListings += delta; break;
            case ListingStatus.Removed: S.RemovedListings += delta; break;
        }
    }

    private SellerFacts Facts()
    {
        var noticed = 0;
        foreach (var entry in Book.Current.Values)
        {
            if (entry.BrandNotices > 0)
            {
                noticed++;
            }
        }

        // A view, not a copy: a big seller's rescore allocates nothing per listing.
        var listings = new ListingFactsView(Book.Current.Values);

        var reports = new List<ReportFact>(ReporterBook.Count);
        foreach (var entry in ReporterBook.Current.Values)
        {
            reports.Add(new ReportFact(entry.Kind, entry.Weight, entry.At));
        }

        return new SellerFacts(S.RegisteredAt, S.FirstSeenAt, S.Verifications, listings, reports,
            S.ConfirmedInfringements.Select(c => c.At).ToList(), noticed, S.EnforcedLinks.Count > 0, S.ScanFailures.Count,
            Links.Facts(S.EnforcedLinks, S.LinkKeys, S.KeySharers), S.DormantSince, S.ReturnedAt);
    }

    private SellerSummary Summary(DateTimeOffset now) => new(Id, S.Score, S.Band, Effective(now));

    private SellerRiskView View(DateTimeOffset now)
    {
        var v = S.Verifications;
        var verification = new VerificationView(
            v.TryGetValue(VerificationCheck.Identity, out var identity) && identity.Outcome == VerificationOutcome.Passed,
            identity,
            v.GetValueOrDefault(VerificationCheck.Business),
            v.GetValueOrDefault(VerificationCheck.Bank),
            v.GetValueOrDefault(VerificationCheck.Address),
            v.GetValueOrDefault(VerificationCheck.Video));
        var counts = new SellerCounts(Book.Count, S.ActiveListings, S.RemovedListings, ReporterBook.Count, S.ConfirmedInfringements.Count);
        var active = S.Override is { } o && o.ExpiresAt > now ? o : null;
        var effective = Effective(now);
        var since = active is not null ? active.SetAt : S.DecisionSince;
        return new SellerRiskView(Id, S.Score, S.Band, effective, since, S.Factors,
            verification, counts, S.PolicyVersion, S.UpdatedAt, S.RegisteredAt, S.Country, false, active, S.Decision);
    }

    private static Fingerprints? Merge(Fingerprints? current, Fingerprints? update)
    {
        if (update is null)
        {
            return current;
        }

        if (current is null)
        {
            return update;
        }

        return new Fingerprints(
            update.BankAccountHash ?? current.BankAccountHash,
            update.DeviceId ?? current.DeviceId,
            update.AddressHash ?? current.AddressHash,
            update.TaxIdHash ?? current.TaxIdHash);
    }
}

/// <summary>The seller's listing entries as the seller model's facts, read in place.</summary>
internal sealed class ListingFactsView(Dictionary<string, SellerListingEntry>.ValueCollection entries) : IReadOnlyCollection<ListingRiskFact>
{
    public int Count => entries.Count;

    public IEnumerator<ListingRiskFact> GetEnumerator()
    {
        foreach (var entry in entries)
        {
            // A listing taken off sale by the seller's own enforcement is not new evidence against
            // the seller: it counts as the live listing it was, so the enforcement can end.
            yield return entry.RemovedBySeller
                ? new ListingRiskFact(ListingStatus.Active, entry.Score, null, entry.At, (ListingSignals)entry.Signals, entry.BrandId, entry.ListedAt)
                : new ListingRiskFact(entry.Status, entry.Score, entry.RemovedBy, entry.At, (ListingSignals)entry.Signals, entry.BrandId, entry.ListedAt);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
