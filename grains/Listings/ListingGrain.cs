using System.Runtime.InteropServices;
using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// One listing. Each event rescores it against its brand's registry, may flag or remove it,
/// is written, and only then are its seller, brand and review case told; a change not yet
/// confirmed by them stays in the state's outbox and is sent again, harmlessly, on the next call.
/// </summary>
[GrainType(GrainTypes.Listing)]
internal sealed class ListingGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<ListingState> state,
    RegistryCache registry,
    PolicyProvider policies,
    ShadowTally shadowTally,
    RiskClock clock,
    GrainRefs refs,
    ImageEvidenceService images,
    ObservedPriceBook prices) : DurableGrain, IListingGrain
{
    private string? _id;
    private ListingStatus? _announced;
    private bool _removedAsCounterfeit;

    private ListingState S => state.State;

    /// <summary>Made once an activation: everything that names the listing shares this one string.</summary>
    private string Id => _id ??= this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        S.DropEmptyCollections();
        _announced = S.Exists ? S.Status : null;
        await FlushStagedEventsAsync(state);
        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// Every status change reaches the feed, whatever made it (scoring, a brand's notice, a
    /// moderator, an appeal): the status written is compared with the one last announced.
    /// </summary>
    protected override void BeforeWrite()
    {
        if (S.Exists && S.Status != _announced)
        {
            // Removed for its own reasons (not its seller's enforcement): its photos now taint
            // other sellers' listings that use them.
            _removedAsCounterfeit |= S.Status == ListingStatus.Removed && !S.RemovedBySeller && S.ImageHashes is { Count: > 0 };

            // A new listing that is active is no change the catalog must act on; any other status is.
            if (_announced is not null || S.Status != ListingStatus.Active)
            {
                Emit(S, EventTypes.ListingStatusChanged, EventData.ListingSubject(Id), S.BrandId, S.UpdatedAt,
                    EventData.ListingStatus(Id, S.SellerId!, S.BrandId, S.Status, _announced, S.Status == ListingStatus.Removed ? S.Removal : null));
            }

            _announced = S.Status;
            Announce(new FeedEvent(FeedKind.Listing, Id, S.UpdatedAt, S.Score, S.Band, Status: S.Status,
                RemovedBy: S.Status == ListingStatus.Removed ? S.Removal?.By : null, SellerId: S.SellerId, Reason: S.Removal?.Reason));
        }
    }

    public Task FlushEvents() => FlushMarkedEventsAsync(state);

    public async Task<Ack<ListingResult>> Upsert(ListingUpsert upsert)
    {
        var (status, outcome, told, problem) = await ApplyAsync(upsert);
        if (outcome is null)
        {
            return new Ack<ListingResult>(status, null, problem);
        }

        var seller = told ?? await Seller().GetSummary() ?? EmptySeller();
        return new Ack<ListingResult>(status, Result(outcome, seller) with { Duplicate = status == AckStatus.Duplicate }, null);
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
            return (AckStatus.Duplicate, repeat.KeptAs<ListingOutcome>() ?? Outcome(), flushed, null);
        }

        if (S.Exists && !string.Equals(S.SellerId, upsert.SellerId, StringComparison.Ordinal))
        {
            return (AckStatus.Conflict, null, null, $"listing '{Id}' belongs to seller '{S.SellerId}'; a listing's seller never changes");
        }

        var active = policies.Current;
        var now = clock.UtcNow;
        if (!S.Exists)
        {
            S.CreatedAt = now;
        }

        // Values that did not change keep the instances already held, so that a listing holds one
        // copy of each however many events repeat them (a listing's seller never changes).
        S.SellerId ??= upsert.SellerId;
        var descriptionTerms = TextScan.FindPhrases(upsert.Description, active.CounterfeitTerms);
        var changed = S.Title != upsert.Title || S.BrandId != upsert.BrandId || S.Price != upsert.Price || !S.DescriptionTerms.SequenceEqual(descriptionTerms);
        if (changed)
        {
            // New content is new evidence: a moderator's earlier clearance no longer covers it.
            S.ModeratorCleared = false;
            S.BrandId = upsert.BrandId;
            S.Title = upsert.Title;
            S.DescriptionTerms = descriptionTerms;
        }

        // 30.00 equals 30 as evidence, but the listing shows the price as last sent.
        if (changed || S.Price!.Amount.Scale != upsert.Price.Amount.Scale)
        {
            S.Price = upsert.Price.Currency.Length == 3
                ? upsert.Price with { Currency = string.Intern(upsert.Price.Currency) } // ISO 4217 codes: a bounded set
                : upsert.Price;
        }

        S.Quantity = upsert.Quantity;
        if (!SameItems(S.ImageHashes, upsert.ImageHashes))
        {
            S.ImageHashes = upsert.ImageHashes?.ToList();
        }
        S.Withdrawn = upsert.Withdrawn;
        S.OccurredAt = upsert.OccurredAt;
        S.ChangedAt = now;

        await ObserveImagesAsync();
        await RescoreAsync(active, now);
        var outcome = Outcome();
        S.Events.Add(upsert.EventId, hash, outcome);
        CountIngested();
        await PersistAsync(state);

        // Telling the seller may have brought news of its enforcement, which the listing followed.
        var told = await FlushOutboxAsync();
        return (AckStatus.Applied, S.Status == outcome.Status ? outcome : Outcome(), told, null);
    }

    public async Task<Ack<ReportResult>> Report(ReportCommand report)
    {
        var hash = PayloadHash.Of(report);
        if (S.Events.Check(report.EventId, hash) is { } repeat)
        {
            if (repeat.IsConflict)
            {
                return repeat.Conflict<ReportResult>();
            }

            var seller = await FlushOutboxAsync() ?? await Seller().GetSummary() ?? EmptySeller();
            return Ack<ReportResult>.Duplicate(ReportAnswer(report.EventId, seller) with { Duplicate = true });
        }

        if (!S.Exists)
        {
            return Ack<ReportResult>.NotFound($"listing '{Id}' was never seen");
        }

        if (report.SellerId is not null && !string.Equals(report.SellerId, S.SellerId, StringComparison.Ordinal))
        {
            return Ack<ReportResult>.Conflict($"listing '{Id}' belongs to seller '{S.SellerId}', not '{report.SellerId}'");
        }

        var now = clock.UtcNow;

        // A reporter counts once per listing, with the credibility it had when it reported.
        if (S.Reports is null || !S.Reports.ContainsKey(report.ReporterId))
        {
            var weight = await GrainFactory.GetGrain<IReporterGrain>(report.ReporterId).GetWeight();
            (S.Reports ??= new(StringComparer.Ordinal))[report.ReporterId] =
                new ListingReportEntry(report.ReporterKind, report.Reason, now, report.EventId, report.Details, weight);
            (S.PendingReporters ??= []).Add(new ListingReporter(report.ReporterId, report.ReporterKind, report.Reason, now, weight));
        }

        await ObserveImagesAsync();
        await RescoreAsync(policies.Current, now);
        S.Events.Add(report.EventId, hash, null);
        CountIngested();
        await PersistAsync(state);

        var summary = await FlushOutboxAsync() ?? EmptySeller();
        return Ack<ReportResult>.Applied(ReportAnswer(report.EventId, summary));
    }

    public async Task<NoticeOutcome> ApplyNotice(string brandId, string noticeId, bool remove, bool takedown, string reason)
    {
        if (!S.Exists)
        {
            return NoticeOutcome.NotFound;
        }

        if (!string.Equals(S.BrandId, brandId, StringComparison.Ordinal))
        {
            return NoticeOutcome.OtherBrand;
        }

        if (S.Notices is not null && S.Notices.TryGetValue(brandId, out var known) && known.NoticeId == noticeId)
        {
            await FlushOutboxAsync();
            return S.Status == ListingStatus.Removed && S.RemovedByNotice?.NoticeId == noticeId ? NoticeOutcome.Removed : NoticeOutcome.Flagged;
        }

        var now = clock.UtcNow;
        (S.Notices ??= new(StringComparer.Ordinal))[brandId] = new ListingNoticeEntry(noticeId, reason, takedown, now, Decided: false);
        S.ModeratorCleared = false;
        var removed = false;
        if (remove && (S.Status != ListingStatus.Removed || S.RemovedBySeller))
        {
            // A brand's removal stands on its own, even over one by the seller's enforcement.
            S.RemovedBySeller = false;
            S.Status = ListingStatus.Removed;
            S.Removal = new Removal(RemovedBy.Brand, takedown ? $"self-service takedown by brand {brandId}: {reason}" : $"notice by brand {brandId}: {reason}", now);
            S.RemovedByNotice = new BrandRemovalRef(brandId, noticeId);
            removed = true;
        }

        await RescoreAsync(policies.Current, now, noticeBy: remove ? null : new BrandRemovalRef(brandId, noticeId));
        await PersistAsync(state);

        await FlushOutboxAsync();
        return removed || S.Status == ListingStatus.Removed ? NoticeOutcome.Removed : NoticeOutcome.Flagged;
    }

    public async Task<ReviewEffects> ReviewDecided(string caseId, CaseOutcome outcome, string moderator)
    {
        List<string> reporters = S.Reports is null ? [] : [.. S.Reports.Keys];
        if (Decided(caseId) || !S.Exists)
        {
            await FlushOutboxAsync();
            return new ReviewEffects(reporters, []);
        }

        var now = clock.UtcNow;
        var notices = new List<BrandRemovalRef>();
        foreach (var (brandId, notice) in UndecidedNotices())
        {
            notices.Add(new BrandRemovalRef(brandId, notice.NoticeId));
            S.Notices![brandId] = notice with { Decided = true };
        }

        if (outcome == CaseOutcome.Confirmed)
        {
            S.ConfirmedBy = caseId;
            if (S.Status != ListingStatus.Removed || S.RemovedBySeller)
            {
                S.RemovedBySeller = false;
                S.Status = ListingStatus.Removed;
                S.Removal = new Removal(RemovedBy.Moderator, $"infringement confirmed in case {caseId} by {moderator}", now);
            }
        }
        else
        {
            Restore();
        }

        if (S.OpenCaseId == caseId)
        {
            S.OpenCaseId = null;
        }

        Remember(caseId);
        await RescoreAsync(policies.Current, now);
        await PersistAsync(state);
        await FlushOutboxAsync();
        return new ReviewEffects(reporters, notices);
    }

    public async Task<BrandRemovalRef?> Reinstate(string caseId, string moderator)
    {
        var removedBy = S.RemovedByNotice;
        if (Decided(caseId) || !S.Exists)
        {
            await FlushOutboxAsync();
            return removedBy;
        }

        Restore();
        foreach (var (brandId, notice) in UndecidedNotices())
        {
            S.Notices![brandId] = notice with { Decided = true };
        }

        Remember(caseId);
        await RescoreAsync(policies.Current, clock.UtcNow);
        await PersistAsync(state);
        await FlushOutboxAsync();
        return removedBy;
    }

    public async Task<bool> RecordScanFailure(string eventId, ScanResult result, string code)
    {
        if (!S.Exists)
        {
            return false;
        }

        var now = clock.UtcNow;
        if ((S.ScanFailures ??= new(StringComparer.Ordinal)).TryAdd(eventId, new ScanView(eventId, result, code, now)))
        {
            S.ModeratorCleared = false;
            await RescoreAsync(policies.Current, now);
            await PersistAsync(state);
        }

        await FlushOutboxAsync();
        return true;
    }

    public Task<ListingDossier?> GetDossier()
    {
        if (GetView() is not { } view)
        {
            return Task.FromResult<ListingDossier?>(null);
        }

        return Task.FromResult<ListingDossier?>(new ListingDossier(
            view,
            S.Reports is null ? [] : [.. S.Reports.Select(r => new ReportView(r.Key, r.Value.Kind, r.Value.Reason, r.Value.At, Id, r.Value.Weight, r.Value.Details))],
            S.Notices is null ? [] : [.. S.Notices.Select(n => new NoticeView(n.Key, n.Value.NoticeId, n.Value.Reason, n.Value.Takedown, n.Value.At))],
            S.ScanFailures is null ? [] : [.. S.ScanFailures.Values]));
    }

    public Task<ListingRiskView?> GetRisk() => Task.FromResult(GetView() is { } view
        ? view with { Shadow = S.Shadow is { } shadow && policies.Shadow?.Policy.Version == shadow.PolicyVersion ? shadow : null }
        : null);

    private ListingRiskView? GetView() => !S.Exists
        ? null
        : new ListingRiskView(Id, S.SellerId!, S.BrandId, S.Status, S.Removal, S.Score, S.Band, S.Factors,
            S.Title, S.Price!, S.ReportCount, S.PolicyVersion, S.UpdatedAt);

    private void Restore()
    {
        if (S.Status == ListingStatus.Removed || S.Status == ListingStatus.Flagged)
        {
            // A dismissal cannot lift the restricted-brand gate (only the brand's authorization
            // does): the listing stays flagged, and its dismissed review is not opened again.
            var gated = ((ListingSignals)S.Signals).HasFlag(ListingSignals.RestrictedUnauthorized)
                && policies.Current.Policy.Listing.GateRestrictedUnauthorized;
            S.Status = S.Withdrawn ? ListingStatus.Withdrawn : gated ? ListingStatus.Flagged : ListingStatus.Active;
            S.Removal = null;
        }

        S.ModeratorCleared = true;
    }

    /// <summary>
    /// Takes the listing off sale while its seller's enforcement says so: a suspended seller's
    /// live listings all, a restricted seller's flagged ones.
    /// </summary>
    private void FollowSellerEnforcement(DateTimeOffset now)
    {
        var reason = S.SellerLevel switch
        {
            Decision.Suspend when S.Status is ListingStatus.Active or ListingStatus.Flagged => $"seller {S.SellerId} is suspended",
            Decision.Restrict when S.Status == ListingStatus.Flagged => $"seller {S.SellerId} is restricted and the listing is flagged (score {S.Score})",
            _ => null,
        };
        if (reason is not null)
        {
            S.Status = ListingStatus.Removed;
            S.Removal = new Removal(RemovedBy.Proactive, reason, now);
            S.RemovedBySeller = true;
        }
    }

    /// <summary>
    /// Why the listing's counterfeit reports call for a review: distinct reporters whose
    /// credibility adds up to the policy's weight (two new buyers, or one trusted one); else null.
    /// </summary>
    private string? CounterfeitReports(RiskPolicy policy)
    {
        if (S.Reports is null)
        {
            return null;
        }

        var (weight, reporters) = (0.0, 0);
        foreach (var report in S.Reports.Values)
        {
            if (report.Reason == ReportReason.Counterfeit)
            {
                weight += report.Weight;
                reporters++;
            }
        }

        return reporters >= 2 && weight >= policy.Enforcement.ListingReviewReportWeight
            ? $"counterfeit reports from {reporters} reporters"
            : null;
    }

    protected override async Task AfterWriteAsync()
    {
        if (_removedAsCounterfeit && S.ImageHashes is { Count: > 0 } photos)
        {
            _removedAsCounterfeit = false;

            // A brand's official photos stolen by a counterfeiter stay the brand's: they taint nothing.
            var index = await registry.GetAsync();
            List<string> own = [.. photos.Where(p => index.OfficialBrandsOf(p).Count == 0)];
            if (own.Count > 0)
            {
                await images.MarkCounterfeitAsync(Id, S.SellerId!, own);
            }
        }
    }

    /// <summary>
    /// The index's findings as the model's evidence. The claimed brand's official photos are
    /// evidence only where the brand is restricted: anyone may sell an unrestricted brand's genuine
    /// goods with its catalogue photos. Another brand's official photos always are.
    /// </summary>
    private static ImageEvidence ImageEvidenceOf(ImageFindings? findings, bool restrictedBrand) => findings is null
        ? ImageEvidence.None
        : new ImageEvidence((restrictedBrand ? findings.OfficialPhotos : 0) + findings.OtherBrandPhotos, findings.TaintedPhotos, findings.SharedPhotos, findings.StockPhotos);

    /// <summary>Asks the image index what the listing's photos say now (and records their use).</summary>
    private async Task ObserveImagesAsync()
    {
        if (S.ImageHashes is not { Count: > 0 } photos)
        {
            S.Images = null;
            return;
        }

        var index = await registry.GetAsync();
        var authorized = S.BrandId is not null && index.IsAuthorized(S.BrandId, S.SellerId!);
        var findings = await images.ObserveAsync(Id, S.SellerId!, S.BrandId, authorized, photos, index);
        if (findings != S.Images)
        {
            S.Images = findings;
        }
    }

    private bool Decided(string caseId) => S.DecidedCases is not null && S.DecidedCases.Contains(caseId);

    private void Remember(string caseId)
    {
        var decided = S.DecidedCases ??= [];
        decided.Add(caseId);
        if (decided.Count > 50)
        {
            decided.RemoveAt(0);
        }
    }

    /// <summary>The notices no moderator has decided, copied so that the state may change as they are walked.</summary>
    private List<KeyValuePair<string, ListingNoticeEntry>> UndecidedNotices() =>
        S.Notices is null ? [] : [.. S.Notices.Where(n => !n.Value.Decided)];

    private static bool SameItems(List<string>? held, IReadOnlyList<string>? sent) =>
        held is null ? sent is null : sent is not null && held.SequenceEqual(sent);

    /// <summary>
    /// Scores the listing under the shadow version as well: kept in the state for moderators'
    /// views and counted in the version's report, it changes no status, answer, case or feed.
    /// What the policy does not decide carries over as it is: a removal by a brand, a moderator
    /// or the seller's enforcement, and a flag for notices or reports awaiting a moderator.
    /// </summary>
    // REVIEW: the description's terms were found with the active version's vocabulary (the
    // description itself is not kept), so a shadow that changes the vocabulary sees it in titles only.
    private void ScoreShadow(ListingFacts facts, RegistryIndex index, ActivePolicy active, RiskAssessment assessment, ActivePolicy shadow, DateTimeOffset now)
    {
        var evaluation = ListingModel.Evaluate(facts, index, shadow.Policy, shadow.CounterfeitTerms, now);
        var computed = ListingModel.StatusFor(evaluation.Assessment, S.Withdrawn, shadow.Policy.Listing);
        var activeComputed = ListingModel.StatusFor(assessment, S.Withdrawn, active.Policy.Listing);
        var same = S.Shadow?.PolicyVersion == shadow.Policy.Version;
        var status =
            S.Status == ListingStatus.Removed && (S.Removal?.By != RemovedBy.Proactive || S.RemovedBySeller) ? ListingStatus.Removed
            : computed == ListingStatus.Removed || (same && S.Shadow!.Status == ListingStatus.Removed) ? ListingStatus.Removed
            : S.Status == ListingStatus.Flagged && activeComputed != ListingStatus.Flagged ? ListingStatus.Flagged
            : S.ModeratorCleared && computed == ListingStatus.Flagged && !evaluation.Signals.HasFlag(ListingSignals.RestrictedUnauthorized) ? ListingStatus.Active
            : computed;
        var pair = ShadowPairs.Of(S.Status, status);
        if (!same || pair != S.ShadowPair)
        {
            shadowTally.Record(shadow.Policy.Version, seller: false, same ? S.ShadowPair : null, pair,
                new ShadowExample("listing", Id, Names.Of(S.Status), Names.Of(status), S.Score, evaluation.Assessment.Score, now));
        }

        S.Shadow = new ListingShadowView(shadow.Policy.Version, evaluation.Assessment.Score, status);
        S.ShadowPair = pair;
    }

    private async Task RescoreAsync(ActivePolicy active, DateTimeOffset now, BrandRemovalRef? noticeBy = null)
    {
        var index = await registry.GetAsync();
        List<ReportFact> reports = [];
        if (S.Reports is not null)
        {
            reports.Capacity = S.Reports.Count;
            foreach (var entry in S.Reports.Values)
            {
                reports.Add(new ReportFact(entry.Kind, entry.Weight, entry.At));
            }
        }

        var brand = index.Brand(S.BrandId);
        var facts = new ListingFacts(S.SellerId!, S.BrandId, S.Title, S.DescriptionTerms, S.Price!, S.ChangedAt, reports,
            S.NoticeCount, S.ScanFailureCount, ImageEvidenceOf(S.Images, brand?.Restricted == true), prices.Typical(S.BrandId, S.Price!.Currency));
        var evaluation = ListingModel.Evaluate(facts, index, active.Policy, active.CounterfeitTerms, now);
        var assessment = evaluation.Assessment;
        S.Signals = (int)evaluation.Signals;
        var previous = S.Status;

        S.Score = assessment.Score;
        S.Band = assessment.Band;
        if (!S.Factors.SequenceEqual(assessment.Factors))
        {
            // Unchanged factors keep the list (and the answers kept for repeats keep sharing it).
            S.Factors = [.. assessment.Factors];
        }

        S.PolicyVersion = active.Policy.Version;
        S.UpdatedAt = now;

        var own = S.Status;
        string? reviewReason = null;

        // A removal for the listing's own reasons is sticky; one by the seller's enforcement is
        // worked out again, so that it ends when the enforcement does.
        if (S.Status != ListingStatus.Removed || S.RemovedBySeller)
        {
            S.RemovedBySeller = false;
            var computed = ListingModel.StatusFor(assessment, S.Withdrawn, active.Policy.Listing);
            var gated = evaluation.Signals.HasFlag(ListingSignals.RestrictedUnauthorized);
            if (computed == ListingStatus.Removed)
            {
                var top = string.Join(", ", assessment.Factors.Where(f => f.Points > 0).Take(3).Select(f => f.Code));
                S.Status = ListingStatus.Removed;
                S.Removal = new Removal(RemovedBy.Proactive,
                    $"score {assessment.Score} reached the removal threshold {active.Policy.Listing.RemovalThreshold} ({top})", now);
            }
            else if (S.ModeratorCleared && computed == ListingStatus.Flagged && !gated)
            {
                S.Status = ListingStatus.Active;
            }
            else if (!S.ModeratorCleared && computed == ListingStatus.Active && S.Notices is not null && S.Notices.Values.Any(n => !n.Decided))
            {
                // A notice awaiting a moderator keeps the listing flagged.
                S.Status = ListingStatus.Flagged;
            }
            else if (!S.ModeratorCleared && computed == ListingStatus.Active && CounterfeitReports(active.Policy) is { } reported)
            {
                // Several credible reporters saying "fake" put the listing before a moderator.
                S.Status = ListingStatus.Flagged;
                reviewReason = reported;
            }
            else
            {
                S.Status = computed;
            }

            if (S.Status != ListingStatus.Removed)
            {
                S.Removal = null;
                own = S.Status;
                FollowSellerEnforcement(now);
            }
        }

        if (policies.Shadow is { } shadow)
        {
            ScoreShadow(facts, index, active, assessment, shadow, now);
        }

        // Only a listing the model does not doubt teaches the brand's market price (see ObservedPriceBook).
        if (evaluation.PricedAsBrand && S.Status == ListingStatus.Active && assessment.Score < active.Policy.Listing.FlagThreshold)
        {
            prices.Learn(S.BrandId!, S.SellerId!, S.Price!, brand?.ReferencePrice, active.Policy.Listing);
        }

        // A brand's notice is decided by a moderator even when the seller's enforcement already
        // took the listing off sale: the brand's track record depends on it.
        if ((S.Status == ListingStatus.Flagged || (noticeBy is not null && own == ListingStatus.Flagged))
            && (previous != ListingStatus.Flagged || noticeBy is not null) && S.OpenCaseId is null)
        {
            var caseId = CaseIds.For(CaseKind.ListingReview, Id, ++S.CaseCounter);
            S.OpenCaseId = caseId;
            S.CasePending = new CaseOpening(CaseKind.ListingReview, Id, S.SellerId!, Id,
                noticeBy is not null ? $"brand_notice from {noticeBy.BrandId}" : reviewReason ?? $"flagged: score {S.Score}",
                S.Score, now, noticeBy?.BrandId, noticeBy?.NoticeId, null);
        }

        S.Version++;

        // The seller carries the listing's status, score, brand, notices and confirmation: when none
        // of those changed and the score is 0 (nothing to decay), an honest re-upsert costs the
        // seller no write. Anything else is sent.
        var carried = new SellerListingFacts(S.Status, S.Score, S.BrandId, S.NoticeCount, S.ConfirmedBy, S.RemovedBySeller, S.Signals);
        if (carried != S.SellerSent || S.Score > 0 || S.HasPendingReporters)
        {
            S.SellerPending = true;
            S.SellerSent = carried;
        }
        if (S.BrandId is not null)
        {
            var removed = S.Status == ListingStatus.Removed;
            var delta = new BrandListingDelta(Id, S.SellerId!, removed, removed && S.Removal?.By == RemovedBy.Proactive);
            if (delta != S.BrandSent)
            {
                S.BrandPending = delta;
            }
        }
    }

    /// <summary>Sends what the seller, brand and case have not confirmed; the seller's summary when it was told.</summary>
    private async Task<SellerSummary?> FlushOutboxAsync()
    {
        if (!S.SellerPending && S.BrandPending is null && S.CasePending is null)
        {
            return null;
        }

        // The calls are started before any is awaited.
        var sellerCall = S.SellerPending ? Seller().ApplyListingChange(ChangeForSeller()) : null;
        var caseOpening = S.CasePending;
        var caseCall = caseOpening is not null && S.OpenCaseId is { } caseId
            ? GrainFactory.GetGrain<ICaseGrain>(caseId).Open(caseOpening)
            : null;
        var brandDelta = S.BrandPending;
        if (brandDelta is not null && S.BrandId is not null)
        {
            await refs.BrandStats(IBrandStatsGrain.KeyFor(S.BrandId, Id)).Apply(brandDelta);
        }

        if (caseCall is not null)
        {
            await caseCall;
        }

        var reply = sellerCall is null ? null : await sellerCall;

        // Confirmed: cleared in memory now, in storage with the next write. Sending again is harmless.
        S.SellerPending = false;
        S.PendingReporters = null;
        if (brandDelta is not null)
        {
            S.BrandSent = brandDelta;
            S.BrandPending = null;
        }

        if (caseOpening is not null)
        {
            S.CasePending = null;
        }

        if (reply is null)
        {
            return null;
        }

        if (reply.Enforcement.Epoch > S.SellerEpoch)
        {
            // The seller's enforcement moved since the listing last heard: follow it now, written
            // before the answer (the seller would tell the listing anyway, a moment later).
            S.SellerLevel = reply.Enforcement.Level;
            S.SellerEpoch = reply.Enforcement.Epoch;
            await RescoreAsync(policies.Current, clock.UtcNow);
            await PersistAsync(state);
            return await FlushOutboxAsync() ?? reply.Summary;
        }

        return reply.Summary;
    }

    public async Task Refresh()
    {
        if (!S.Exists)
        {
            return;
        }

        // The change was made on another silo, perhaps: this silo's copy asks the directory again.
        registry.Invalidate();
        await RescoreAsync(policies.Current, clock.UtcNow);
        await PersistAsync(state);
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
            await RescoreAsync(policies.Current, clock.UtcNow);
            write = true;
        }

        // The sweeping seller applies this answer itself (a call back would rescore and write the
        // seller once per listing). New reporters still go by call: the answer is not written by
        // the seller until its sweep ends, and they must not be lost to a crash before that.
        var change = ChangeForSeller();
        if (S.SellerPending && S.PendingReporters is null)
        {
            S.SellerPending = false;
            write = true;
        }

        if (write)
        {
            await PersistAsync(state);
        }

        await FlushOutboxAsync();
        return change;
    }

    /// <summary>The listing as its seller carries it, with the reporters the seller has not yet heard of.</summary>
    private ListingChange ChangeForSeller() => new(Id, S.Version, S.BrandId, S.Status, S.Score,
        S.Status == ListingStatus.Removed ? S.Removal?.By : null, S.UpdatedAt, S.PendingReporters is null ? [] : [.. S.PendingReporters],
        S.NoticeCount, S.ConfirmedBy, S.RemovedBySeller, S.SellerEpoch, S.Signals,
        S.OccurredAt is { } occurred && occurred < S.ChangedAt ? occurred : S.ChangedAt);

    /// <summary>Made when needed rather than held: a reference is ~40 bytes a listing, kept, and little to make.</summary>
    private ISellerGrain Seller() => refs.Seller(S.SellerId!);

    private SellerSummary EmptySeller() => new(S.SellerId ?? "", 0, Band.Low, Decision.Allow);

    /// <summary>The answer for the state now; the last one kept when it is the same (as it is for most repeated updates).</summary>
    private ListingOutcome Outcome() =>
        S.Events.LastAnswer is ListingOutcome last && last.Status == S.Status && last.Score == S.Score && last.Band == S.Band
            && last.Factors.AsSpan().SequenceEqual(CollectionsMarshal.AsSpan(S.Factors))
            ? last
            : new(S.Status, S.Score, S.Band, [.. S.Factors]);

    private ListingResult Result(ListingOutcome outcome, SellerSummary seller) =>
        new(Id, outcome.Status, outcome.Score, outcome.Band, outcome.Factors, seller);

    private ReportResult ReportAnswer(string eventId, SellerSummary seller) =>
        new($"rpt:{eventId}", S.OpenCaseId, new ListingSummary(Id, S.Status, S.Score, S.Band), seller);
}
