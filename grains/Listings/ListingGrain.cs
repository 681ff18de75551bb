using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// One listing. Each event rescores it against its brand's registry, may flag or remove it,
/// is written, and only then is its seller (and brand) told; a change not yet confirmed by
/// them stays in the state's outbox and is sent again, harmlessly, on the next call.
/// </summary>
[GrainType("listing")]
internal sealed class ListingGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<ListingState> state,
    RegistryCache registry,
    PolicyProvider policies,
    RiskClock clock) : DurableGrain, IListingGrain
{
    private ListingState S => state.State;

    public async Task<Ack<ListingResult>> Upsert(ListingUpsert upsert)
    {
        var hash = PayloadHash.Of(upsert);
        if (S.Events.Find(upsert.EventId) is { } seen)
        {
            if (seen.Hash != hash)
            {
                return Ack<ListingResult>.Conflict($"eventId '{upsert.EventId}' was already used with a different body");
            }

            var seller = await FlushOutboxAsync() ?? await Seller().GetSummary() ?? EmptySeller();
            return Ack<ListingResult>.Duplicate(Result(seen.Answer as ListingOutcome ?? Outcome(), seller) with { Duplicate = true });
        }

        if (S.Exists && !string.Equals(S.SellerId, upsert.SellerId, StringComparison.Ordinal))
        {
            return Ack<ListingResult>.Conflict($"listing '{this.GetPrimaryKeyString()}' belongs to seller '{S.SellerId}'; a listing's seller never changes");
        }

        var active = policies.Current;
        var now = clock.UtcNow;
        if (!S.Exists)
        {
            S.CreatedAt = now;
        }

        S.SellerId = upsert.SellerId;
        S.BrandId = upsert.BrandId;
        S.Title = upsert.Title;
        S.DescriptionTerms = TextScan.FindPhrases(upsert.Description, active.CounterfeitTerms);
        S.Price = upsert.Price;
        S.Quantity = upsert.Quantity;
        S.ImageHashes = upsert.ImageHashes?.ToList();
        S.Withdrawn = upsert.Withdrawn;
        S.OccurredAt = upsert.OccurredAt;
        S.ChangedAt = now;

        await RescoreAsync(active, now);
        var outcome = Outcome();
        S.Events.Add(upsert.EventId, hash, outcome);
        await PersistAsync(state);

        var summary = await FlushOutboxAsync() ?? EmptySeller();
        return Ack<ListingResult>.Applied(Result(outcome, summary));
    }

    public async Task<Ack<ReportResult>> Report(ReportCommand report)
    {
        var hash = PayloadHash.Of(report);
        if (S.Events.Find(report.EventId) is { } seen)
        {
            if (seen.Hash != hash)
            {
                return Ack<ReportResult>.Conflict($"eventId '{report.EventId}' was already used with a different body");
            }

            var seller = await FlushOutboxAsync() ?? await Seller().GetSummary() ?? EmptySeller();
            return Ack<ReportResult>.Duplicate(ReportAnswer(report.EventId, seller) with { Duplicate = true });
        }

        if (!S.Exists)
        {
            return Ack<ReportResult>.NotFound($"listing '{this.GetPrimaryKeyString()}' was never seen");
        }

        if (report.SellerId is not null && !string.Equals(report.SellerId, S.SellerId, StringComparison.Ordinal))
        {
            return Ack<ReportResult>.Conflict($"listing '{this.GetPrimaryKeyString()}' belongs to seller '{S.SellerId}', not '{report.SellerId}'");
        }

        var now = clock.UtcNow;
        // A reporter counts once per listing: a second report by the same reporter changes nothing.
        if (S.Reports.TryAdd(report.ReporterId, new ListingReportEntry(report.ReporterKind, report.Reason, now, report.EventId, report.Details)))
        {
            S.PendingReporters.Add(new ListingReporter(report.ReporterId, report.ReporterKind, report.Reason, now));
        }

        await RescoreAsync(policies.Current, now);
        S.Events.Add(report.EventId, hash, null);
        await PersistAsync(state);

        var summary = await FlushOutboxAsync() ?? EmptySeller();
        return Ack<ReportResult>.Applied(ReportAnswer(report.EventId, summary));
    }

    public Task<ListingRiskView?> GetRisk()
    {
        if (!S.Exists)
        {
            return Task.FromResult<ListingRiskView?>(null);
        }

        return Task.FromResult<ListingRiskView?>(new ListingRiskView(
            this.GetPrimaryKeyString(), S.SellerId!, S.BrandId, S.Status, S.Removal, S.Score, S.Band, S.Factors,
            S.Title, S.Price!, S.Reports.Count, S.PolicyVersion, S.UpdatedAt));
    }

    private async Task RescoreAsync(ActivePolicy active, DateTimeOffset now)
    {
        var index = await registry.GetAsync();
        var reports = new List<ReportFact>(S.Reports.Count);
        foreach (var entry in S.Reports.Values)
        {
            // REVIEW: reporter credibility arrives with the workflows issue; until then every reporter weighs 1.
            reports.Add(new ReportFact(entry.Kind, 1.0, entry.At));
        }

        var facts = new ListingFacts(S.SellerId!, S.BrandId, S.Title, S.DescriptionTerms, S.Price!, S.ChangedAt, reports);
        var assessment = ListingModel.Assess(facts, index, active.Policy, active.CounterfeitTerms, now);

        S.Score = assessment.Score;
        S.Band = assessment.Band;
        S.Factors = [.. assessment.Factors];
        S.PolicyVersion = active.Policy.Version;
        S.UpdatedAt = now;

        if (S.Status != ListingStatus.Removed)
        {
            S.Status = ListingModel.StatusFor(assessment.Score, S.Withdrawn, active.Policy.Listing);
            if (S.Status == ListingStatus.Removed)
            {
                var top = string.Join(", ", assessment.Factors.Where(f => f.Points > 0).Take(3).Select(f => f.Code));
                S.Removal = new Removal(RemovedBy.Proactive,
                    $"score {assessment.Score} reached the removal threshold {active.Policy.Listing.RemovalThreshold} ({top})", now);
            }
        }

        S.Version++;
        S.SellerPending = true;
        if (S.BrandId is not null)
        {
            var delta = new BrandListingDelta(this.GetPrimaryKeyString(), S.SellerId!, S.Status == ListingStatus.Removed,
                S.Removal?.By == RemovedBy.Proactive && S.Status == ListingStatus.Removed);
            if (delta != S.BrandSent)
            {
                S.BrandPending = delta;
            }
        }
    }

    /// <summary>Sends what the seller and brand have not confirmed; the seller's summary when it was told.</summary>
    private async Task<SellerSummary?> FlushOutboxAsync()
    {
        if (!S.SellerPending && S.BrandPending is null)
        {
            return null;
        }

        // Both calls are started before either is awaited.
        var sellerCall = S.SellerPending
            ? Seller().ApplyListingChange(new ListingChange(this.GetPrimaryKeyString(), S.Version, S.BrandId, S.Status, S.Score,
                S.Status == ListingStatus.Removed ? S.Removal?.By : null, S.UpdatedAt, [.. S.PendingReporters]))
            : null;
        var brandDelta = S.BrandPending;
        if (brandDelta is not null && S.BrandId is not null)
        {
            await GrainFactory.GetGrain<IBrandGrain>(S.BrandId).ApplyListingDelta(brandDelta);
        }

        var summary = sellerCall is null ? null : await sellerCall;

        // Confirmed: cleared in memory now, in storage with the next write. Sending again is harmless.
        S.SellerPending = false;
        S.PendingReporters.Clear();
        if (brandDelta is not null)
        {
            S.BrandSent = brandDelta;
            S.BrandPending = null;
        }

        return summary;
    }

    private ISellerGrain Seller() => GrainFactory.GetGrain<ISellerGrain>(S.SellerId!);

    private SellerSummary EmptySeller() => new(S.SellerId ?? "", 0, Band.Low, Decision.Allow);

    private ListingOutcome Outcome() => new(S.Status, S.Score, S.Band, [.. S.Factors]);

    private ListingResult Result(ListingOutcome outcome, SellerSummary seller) =>
        new(this.GetPrimaryKeyString(), outcome.Status, outcome.Score, outcome.Band, outcome.Factors, seller);

    private ReportResult ReportAnswer(string eventId, SellerSummary seller) =>
        new($"rpt:{eventId}", null, new ListingSummary(this.GetPrimaryKeyString(), S.Status, S.Score, S.Band), seller);
}
