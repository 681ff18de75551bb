using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// A seller's live risk. Every change rescores it and moves the decision with hysteresis;
/// reads (risk, checkout) are answered from memory and interleave with each other.
/// </summary>
[GrainType("seller")]
internal sealed class SellerGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<SellerState> state,
    PolicyProvider policies,
    RiskClock clock) : DurableGrain, ISellerGrain
{
    /// <summary>How many decision changes the timeline keeps.</summary>
    public const int TimelineCapacity = 2000;

    /// <summary>How many verification outcomes the history keeps.</summary>
    public const int VerificationHistoryCapacity = 200;

    private SellerState S => state.State;

    public async Task<Ack<SellerRiskView>> Register(SellerRegistration registration)
    {
        var hash = PayloadHash.Of(registration);
        if (RepeatView(registration.EventId, hash) is { } repeat)
        {
            return repeat;
        }

        var now = clock.UtcNow;
        EnsureExists(now);
        S.RegisteredAt = registration.RegisteredAt ?? S.RegisteredAt ?? now;
        S.Country = registration.Country ?? S.Country;
        S.Fingerprints = Merge(S.Fingerprints, registration.Fingerprints);
        Rescore(now, "registration");
        var view = View();
        S.Events.Add(registration.EventId, hash, view);
        await PersistAsync(state);
        return Ack<SellerRiskView>.Applied(view);
    }

    public async Task<Ack<SellerRiskView>> RecordVerification(VerificationResult result)
    {
        var hash = PayloadHash.Of(result);
        if (RepeatView(result.EventId, hash) is { } repeat)
        {
            return repeat;
        }

        var now = clock.UtcNow;
        EnsureExists(now);
        S.Verifications[result.Check] = new VerificationStatus(result.Outcome, now);
        S.VerificationHistory.Add(new VerificationRecord(result.Check, result.Outcome, now, result.EventId));
        if (S.VerificationHistory.Count > VerificationHistoryCapacity)
        {
            S.VerificationHistory.RemoveAt(0);
        }

        S.Fingerprints = Merge(S.Fingerprints, result.Fingerprints);
        Rescore(now, $"verification {result.Check.ToString().ToLowerInvariant()} {result.Outcome.ToString().ToLowerInvariant()}");
        var view = View();
        S.Events.Add(result.EventId, hash, view);
        await PersistAsync(state);
        return Ack<SellerRiskView>.Applied(view);
    }

    public async Task<Ack<ReportResult>> Report(ReportCommand report)
    {
        var hash = PayloadHash.Of(report);
        if (RepeatReport(report.EventId, hash) is { } repeat)
        {
            return repeat;
        }

        if (!S.Exists)
        {
            return Ack<ReportResult>.NotFound($"seller '{this.GetPrimaryKeyString()}' was never seen");
        }

        var now = clock.UtcNow;
        S.Reporters.TryAdd(report.ReporterId, new SellerReporterEntry(report.ReporterKind, report.Reason, now, null));
        Rescore(now, "report");
        var answer = new ReportResult($"rpt:{report.EventId}", null, null, Summary());
        S.Events.Add(report.EventId, hash, answer);
        await PersistAsync(state);
        return Ack<ReportResult>.Applied(answer);
    }

    public async Task<SellerSummary> ApplyListingChange(ListingChange change)
    {
        var now = clock.UtcNow;
        var changed = !S.Exists;
        EnsureExists(now);

        if (!S.Listings.TryGetValue(change.ListingId, out var known) || known.Version < change.Version)
        {
            if (known is not null)
            {
                Count(known.Status, -1);
            }

            S.Listings[change.ListingId] = new SellerListingEntry(change.Version, change.BrandId, change.Status, change.Score, change.RemovedBy, change.At);
            Count(change.Status, +1);
            changed = true;
        }

        foreach (var reporter in change.NewReporters)
        {
            changed |= S.Reporters.TryAdd(reporter.ReporterId, new SellerReporterEntry(reporter.Kind, reporter.Reason, reporter.At, change.ListingId));
        }

        if (changed)
        {
            Rescore(now, $"listing {change.ListingId} {change.Status.ToString().ToLowerInvariant()}");
            await PersistAsync(state);
        }

        return Summary();
    }

    public Task<SellerRiskView?> GetRisk() => Task.FromResult(S.Exists ? View() : null);

    public Task<SellerSummary?> GetSummary() => Task.FromResult(S.Exists ? Summary() : null);

    public Task<CheckoutAnswer> GetCheckout(CheckoutQuery query)
    {
        var policyVersion = S.Exists ? S.PolicyVersion : policies.Current.Policy.Version;
        ListingStatus? listingStatus = query.ListingId is not null && S.Listings.TryGetValue(query.ListingId, out var listing)
            ? listing.Status
            : null;
        var (outcome, reasons) = CheckoutModel.Decide(S.Exists ? S.Decision : null, query.ListingId is not null, listingStatus);
        return Task.FromResult(new CheckoutAnswer(outcome, S.Exists ? S.Decision : null, S.Exists ? S.Score : null, reasons, policyVersion));
    }

    private Ack<SellerRiskView>? RepeatView(string eventId, ulong hash) =>
        S.Events.Find(eventId) is not { } seen ? null
        : seen.Hash != hash ? Ack<SellerRiskView>.Conflict(Reused(eventId))
        : Ack<SellerRiskView>.Duplicate((seen.Answer as SellerRiskView ?? View()) with { Duplicate = true });

    private Ack<ReportResult>? RepeatReport(string eventId, ulong hash) =>
        S.Events.Find(eventId) is not { } seen ? null
        : seen.Hash != hash ? Ack<ReportResult>.Conflict(Reused(eventId))
        : Ack<ReportResult>.Duplicate((seen.Answer as ReportResult ?? new ReportResult($"rpt:{eventId}", null, null, Summary())) with { Duplicate = true });

    private static string Reused(string eventId) => $"eventId '{eventId}' was already used with a different body";

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

    private void Rescore(DateTimeOffset now, string cause)
    {
        var policy = policies.Current.Policy;
        var facts = Facts();
        var assessment = SellerModel.Assess(facts, policy, now);
        var previous = S.Decision;
        var next = Decisions.Next(assessment.Score, previous, policy.Decisions);

        S.Score = assessment.Score;
        S.Band = assessment.Band;
        S.Factors = [.. assessment.Factors];
        S.PolicyVersion = policy.Version;
        S.UpdatedAt = now;

        if (next != previous)
        {
            S.Decision = next;
            S.DecisionSince = now;
            var top = string.Join(", ", assessment.Factors.Where(f => f.Points > 0).Take(3).Select(f => $"{f.Code} {f.Points}"));
            S.Timeline.Add(new AuditEntry(now, previous, next, assessment.Score, $"{cause}: score {assessment.Score} ({top})", "system", policy.Version));
            if (S.Timeline.Count > TimelineCapacity)
            {
                S.Timeline.RemoveAt(0);
            }
        }
    }

    private SellerFacts Facts()
    {
        var listings = new List<ListingRiskFact>(S.Listings.Count);
        foreach (var entry in S.Listings.Values)
        {
            listings.Add(new ListingRiskFact(entry.Status, entry.Score, entry.RemovedBy, entry.At));
        }

        var reports = new List<ReportFact>(S.Reporters.Count);
        foreach (var entry in S.Reporters.Values)
        {
            // REVIEW: reporter credibility arrives with the workflows issue; until then every reporter weighs 1.
            reports.Add(new ReportFact(entry.Kind, 1.0, entry.At));
        }

        return new SellerFacts(S.RegisteredAt, S.FirstSeenAt, S.Verifications, listings, reports,
            S.ConfirmedInfringements.Select(c => c.At).ToList());
    }

    private SellerSummary Summary() => new(this.GetPrimaryKeyString(), S.Score, S.Band, S.Decision);

    private SellerRiskView View()
    {
        var v = S.Verifications;
        var verification = new VerificationView(
            v.TryGetValue(VerificationCheck.Identity, out var identity) && identity.Outcome == VerificationOutcome.Passed,
            identity,
            v.GetValueOrDefault(VerificationCheck.Business),
            v.GetValueOrDefault(VerificationCheck.Bank),
            v.GetValueOrDefault(VerificationCheck.Address),
            v.GetValueOrDefault(VerificationCheck.Video));
        var counts = new SellerCounts(S.Listings.Count, S.ActiveListings, S.RemovedListings, S.Reporters.Count, S.ConfirmedInfringements.Count);
        return new SellerRiskView(this.GetPrimaryKeyString(), S.Score, S.Band, S.Decision, S.DecisionSince, S.Factors,
            verification, counts, S.PolicyVersion, S.UpdatedAt, S.RegisteredAt, S.Country);
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
