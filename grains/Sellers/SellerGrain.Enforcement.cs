using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Logging;

namespace IpGuard.Grains;

/// <summary>
/// Enforcement reaches listings: when the seller's effective decision enters or leaves
/// restrict or suspend, a sweep from a timer turn tells every listing that must follow. The
/// level and its epoch are written with the decision that moved them, so a crash mid-sweep
/// resumes it on reactivation; listings ignore news older than the epoch they hold.
/// </summary>
internal sealed partial class SellerGrain
{
    /// <summary>Listing calls in flight at once during a sweep: a big seller's sweep never crowds out ingest.</summary>
    private const int SweepConcurrency = 32;

    private IGrainTimer? _enforcementTimer;

    private SellerEnforcement Enforcement() => new(Id, S.EnforcedLevel, S.EnforcementEpoch);

    /// <summary>Whether a listing, as the seller carries it, would change under this level.</summary>
    private static bool MustHear(SellerListingEntry entry, Decision level) =>
        entry.RemovedBySeller
        || (level == Decision.Suspend && entry.Status is ListingStatus.Active or ListingStatus.Flagged)
        || (level == Decision.Restrict && entry.Status == ListingStatus.Flagged);

    /// <summary>Moves the level the listings follow with the effective decision, and records it.</summary>
    private void ChangeEnforcementLevel(DateTimeOffset now)
    {
        var level = SellerEnforcement.LevelOf(Effective(now));
        if (level == S.EnforcedLevel)
        {
            return;
        }

        var reason = level switch
        {
            Decision.Suspend => "suspension takes every live listing off sale",
            Decision.Restrict => "restriction takes the flagged listings off sale",
            _ => "enforcement lifted: the listings it took off sale return",
        };
        Record(now, "listing_enforcement", S.EnforcedLevel, level, reason, "system");
        S.EnforcedLevel = level;
        S.EnforcementEpoch++;
        S.EnforcementPending = true;
    }

    private void ScheduleEnforcementSweep(TimeSpan? delay = null)
    {
        _enforcementTimer?.Dispose();

        // Interleaved: the listings told call this seller back with their change while it waits.
        _enforcementTimer = this.RegisterGrainTimer(SweepListingsAsync,
            new GrainTimerCreationOptions(delay ?? TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    /// <summary>From a timer turn: tells each listing that must follow the current level.</summary>
    private async Task SweepListingsAsync(CancellationToken cancellationToken)
    {
        if (!S.EnforcementPending)
        {
            return;
        }

        var enforcement = Enforcement();
        var listings = new List<string>();
        foreach (var (listingId, entry) in Book.Current)
        {
            if (MustHear(entry, enforcement.Level))
            {
                listings.Add(listingId);
            }
        }

        try
        {
            foreach (var chunk in listings.Chunk(SweepConcurrency))
            {
                await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<IListingGrain>(id).ApplySellerEnforcement(enforcement)));
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Seller {SellerId}: telling its listings of enforcement level {Level} failed; retrying", Id, enforcement.Level);
            ScheduleEnforcementSweep(TimeSpan.FromSeconds(1));
            return;
        }

        if (enforcement.Epoch != S.EnforcementEpoch)
        {
            // The level moved while the listings were being told: tell them again.
            ScheduleEnforcementSweep();
            return;
        }

        S.EnforcementPending = false;
        await PersistAsync(state);
    }
}
