using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// The moderators' side of a seller: overrides set and cleared, appeals, decided cases and
/// confirmed infringements. Each one changes the state (<see cref="SellerTimeline"/>,
/// <see cref="SellerCases"/>), announces a move of the decision in force, and writes through the
/// grain (<see cref="ISellerWrites"/>). One per seller activation, made when first needed.
/// </summary>
internal sealed class SellerModeration(ISellerWrites writes, SellerState s, string id, SellerBook book, SellerFollowUps followUps,
    IGrainFactory grains, PolicyProvider policies, RiskClock clock)
{
    public async Task<SellerRiskView?> SetOverride(Decision decision, string reason, DateTimeOffset expiresAt, string actor)
    {
        if (!s.Exists)
        {
            return null;
        }

        var now = clock.UtcNow;
        var before = SellerTimeline.SetOverride(s, decision, reason, expiresAt, actor, now, policies.Current.Policy);
        await CommitDecisionAsync(now, before);
        return SellerViews.View(s, id, book, now);
    }

    public async Task<SellerRiskView?> ClearOverride(string actor)
    {
        if (!s.Exists)
        {
            return null;
        }

        var now = clock.UtcNow;
        if (SellerTimeline.ClearOverride(s, actor, now, policies.Current.Policy) is { } before)
        {
            await CommitDecisionAsync(now, before);
        }

        return SellerViews.View(s, id, book, now);
    }

    public async Task<Ack<CaseView>> Appeal(AppealCommand appeal)
    {
        var hash = PayloadHash.Of(appeal);
        if (s.Events.Check(appeal.EventId, hash) is { } repeat)
        {
            return repeat.IsConflict
                ? repeat.Conflict<CaseView>()
                : Ack<CaseView>.Duplicate(repeat.KeptAs<CaseView>() ?? await Case(repeat.KeptAs<string>()).Get() ?? throw new InvalidOperationException("appeal case missing"));
        }

        var now = clock.UtcNow;
        if (SellerCases.Refusal(s, id, book, appeal, now) is { } refusal)
        {
            return refusal;
        }

        if (s.OpenAppeals.TryGetValue(SellerCases.SubjectOf(id, appeal), out var openCase) && await Case(openCase).Get() is { Status: not CaseStatus.Resolved } existing)
        {
            s.Events.Add(appeal.EventId, hash, openCase);
            await writes.CommitAsync();
            return Ack<CaseView>.Applied(existing);
        }

        var (caseId, opening) = SellerCases.OpenAppeal(s, id, appeal, now, policies.Current.Policy);
        s.Events.Add(appeal.EventId, hash, caseId);
        await writes.CommitAsync();
        return Ack<CaseView>.Applied(await Case(caseId).Open(opening));
    }

    public async Task ConfirmInfringement(string caseId, string? listingId)
    {
        if (s.ConfirmedInfringements.Exists(c => c.Source == caseId))
        {
            return;
        }

        var now = clock.UtcNow;
        SellerIntake.EnsureExists(s, now);
        s.ConfirmedInfringements.Add(new ConfirmedInfringement(now, listingId, caseId));
        writes.Rescore(now, $"confirmed infringement ({caseId})", "moderator");
        await writes.CommitAsync();
    }

    public async Task CaseDecided(string caseId, CaseKind kind, CaseOutcome outcome, string moderator, string note)
    {
        if (SellerCases.IsDecided(s, caseId))
        {
            return;
        }

        var now = clock.UtcNow;
        SellerIntake.EnsureExists(s, now);
        var before = SellerCases.Decide(s, caseId, kind, outcome, moderator, note, now, policies.Current.Policy);
        followUps.ScheduleOverrideExpiry();
        if (before != SellerTimeline.Effective(s, now))
        {
            writes.AnnounceRisk(now, before);
        }

        SellerTimeline.AfterDecisionChange(s, now, policies.Current.Policy);
        await writes.CommitAsync();
    }

    /// <summary>After a moderator moved the decision in force: announces it, follows it, writes, and times the override's end.</summary>
    private async Task CommitDecisionAsync(DateTimeOffset now, Decision before)
    {
        writes.AnnounceRisk(now, before);
        SellerTimeline.AfterDecisionChange(s, now, policies.Current.Policy);
        await writes.CommitAsync();
        followUps.ScheduleOverrideExpiry();
    }

    private ICaseGrain Case(string? caseId) => grains.GetGrain<ICaseGrain>(caseId ?? throw new InvalidOperationException("no case id"));
}
