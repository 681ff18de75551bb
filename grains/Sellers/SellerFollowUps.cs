using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Logging;

namespace IpGuard.Grains;

/// <summary>What the seller grain lends the work done beside it (timer turns, moderation): rescoring, announcing and writing.</summary>
internal interface ISellerWrites
{
    /// <summary>Rescores the seller, recording the cause, as the system.</summary>
    void Rescore(DateTimeOffset now, string cause) => Rescore(now, cause, "system");

    /// <summary>Rescores the seller, recording the cause and who made it.</summary>
    void Rescore(DateTimeOffset now, string cause, string actor);

    /// <summary>Announces the decision in force (feed and event log) after it moved from <paramref name="previous"/>.</summary>
    void AnnounceRisk(DateTimeOffset now, Decision? previous);

    /// <summary>Writes the state, opens the case it decided on, and starts the follow-ups it needs.</summary>
    Task CommitAsync();

    /// <summary>Writes the state only.</summary>
    Task PersistAsync();
}

/// <summary>
/// The seller's work done from timer turns once a write staged it, so that no call chain loops
/// back into a busy seller: telling linked sellers of its suspension (or its end), sweeping its
/// listings when the enforcement level moves (<see cref="ListingSweep"/>), and rescoring when an
/// override expires. One per seller activation; each timer is made when first needed.
/// </summary>
internal sealed class SellerFollowUps(IGrainBase grain, ISellerWrites writes, SellerState s, string id, SellerBook book,
    FingerprintLinker linker, GrainRefs refs, PolicyProvider policies, RiskClock clock, ILogger logger)
{
    private OneShotTimer? _expiryTimer;
    private OneShotTimer? _linkTimer;
    private OneShotTimer? _sweepTimer;
    private ListingSweep? _sweep;

    /// <summary>After a write: starts what the state's outbox asks for.</summary>
    public void AfterCommit()
    {
        if (s.LinkNotifyPending)
        {
            ScheduleLinkNotifications();
        }

        if (s.EnforcementPending)
        {
            ScheduleEnforcementSweep();
        }
    }

    /// <summary>
    /// Rescores when the override expires, so that the computed decision (and what linked
    /// sellers are told) returns on time rather than at the seller's next change.
    /// </summary>
    public void ScheduleOverrideExpiry()
    {
        _expiryTimer?.Stop();
        if (SellerTimeline.UntilOverrideExpires(s, clock.UtcNow) is { } due)
        {
            (_expiryTimer ??= new(grain, ExpireOverrideAsync, interleave: false)).Start(due);
        }
    }

    private async Task ExpireOverrideAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        if (s.Override is { } o && o.ExpiresAt <= now)
        {
            writes.Rescore(now, "override expired");
            await writes.CommitAsync();
        }
        else
        {
            ScheduleOverrideExpiry();
        }
    }

    /// <summary>
    /// Interleaved: while the timer turn waits on linked sellers, they may call this seller back
    /// (OnLinkedEnforcement) without either waiting for the other.
    /// </summary>
    private void ScheduleLinkNotifications() => (_linkTimer ??= new(grain, NotifyLinksAsync, interleave: true)).Start(TimeSpan.Zero);

    /// <summary>From a timer turn: tells every linked seller whether this seller is suspended.</summary>
    private async Task NotifyLinksAsync(CancellationToken cancellationToken)
    {
        if (!s.LinkNotifyPending)
        {
            return;
        }

        var suspended = SellerTimeline.SuspendedOnItsOwn(s, clock.UtcNow, policies.Current.Policy);
        await linker.NotifyAsync(s, id, suspended);
        if (SellerTimeline.SuspendedOnItsOwn(s, clock.UtcNow, policies.Current.Policy) != suspended)
        {
            // The decision moved while the links were being told: tell them again.
            ScheduleLinkNotifications();
            return;
        }

        s.LinkEnforcedPublished = suspended;
        s.LinkNotifyPending = false;
        await writes.PersistAsync();
    }

    /// <summary>Interleaved: ingest for this seller goes on while the listings are told. A running sweep looks again instead.</summary>
    private void ScheduleEnforcementSweep(TimeSpan? delay = null)
    {
        if (!(_sweep ??= new ListingSweep(refs, logger)).LookAgainIfRunning())
        {
            (_sweepTimer ??= new(grain, SweepListingsAsync, interleave: true)).Start(delay ?? TimeSpan.Zero);
        }
    }

    /// <summary>From a timer turn: tells the listings of the enforcement level, then writes what they answered.</summary>
    private async Task SweepListingsAsync(CancellationToken cancellationToken)
    {
        var end = await _sweep!.RunAsync(s, id, book, clock,
            (change, now) => book.Carry(change, now, policies.Current.Policy.Seller.DormantAccountDays),
            writes.Rescore);
        if (end == SweepEnd.Failed)
        {
            ScheduleEnforcementSweep(TimeSpan.FromSeconds(1));
        }
        else if (end == SweepEnd.Done)
        {
            await writes.CommitAsync();
        }
    }
}
