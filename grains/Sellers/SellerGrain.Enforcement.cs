using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using Microsoft.Extensions.Logging;

namespace IpGuard.Grains;

/// <summary>
/// Enforcement reaches listings: when the seller's effective decision enters or leaves
/// restrict or suspend, a sweep from a timer turn tells every listing that must follow. The
/// level and its epoch are written with the decision that moved them, so a crash mid-sweep
/// resumes it on reactivation; listings ignore news older than the epoch they hold. One sweep
/// runs at a time: a change while it runs makes it look again rather than start another.
/// </summary>
internal sealed partial class SellerGrain
{
    /// <summary>Listing calls in flight at once during a sweep: a big seller's sweep never crowds out ingest.</summary>
    private const int SweepConcurrency = 32;

    /// <summary>Listing answers carried between rescores of the seller (each one reads the whole book).</summary>
    private const int RescoreEvery = 256;

    private IGrainTimer? _enforcementTimer;
    private bool _sweeping;
    private bool _sweepAgain;

    /// <summary>During a sweep: the epoch each listing answered with, so that looking again tells only the rest.</summary>
    private Dictionary<string, long>? _heard;

    private SellerEnforcement Enforcement() => new(Id, S.EnforcedLevel, S.EnforcementEpoch);

    /// <summary>Whether a listing, as the seller carries it, would change under this level.</summary>
    private static bool MustHear(SellerListingEntry entry, Decision level) =>
        entry.RemovedBySeller
        || (level == Decision.Suspend && entry.Status is ListingStatus.Active or ListingStatus.Flagged)
        || (level == Decision.Restrict && (entry.Status == ListingStatus.Flagged
            || (entry.Status == ListingStatus.Active && ListingModel.MayFollowRestriction((ListingSignals)entry.Signals))));

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
            Decision.Restrict => "restriction takes the flagged listings, and those priced deep below their brand's price, off sale",
            _ => "enforcement lifted: the listings it took off sale return",
        };
        Record(now, "listing_enforcement", S.EnforcedLevel, level, reason, "system");
        S.EnforcedLevel = level;
        S.EnforcementEpoch++;
        S.EnforcementPending = true;
    }

    private void ScheduleEnforcementSweep(TimeSpan? delay = null)
    {
        if (_sweeping)
        {
            // The running sweep looks again before it ends.
            _sweepAgain = true;
            return;
        }

        _enforcementTimer?.Dispose();

        // Interleaved: ingest for this seller goes on while the listings are told.
        _enforcementTimer = this.RegisterGrainTimer(SweepListingsAsync,
            new GrainTimerCreationOptions(delay ?? TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    /// <summary>
    /// From a timer turn: tells each listing that must follow the current level, and carries
    /// their answers into the book, rescoring once a chunk and writing once at the end. A crash
    /// before that write leaves the sweep pending, so it runs again and the listings answer again.
    /// </summary>
    private async Task SweepListingsAsync(CancellationToken cancellationToken)
    {
        if (!S.EnforcementPending || _sweeping)
        {
            return;
        }

        _sweeping = true;
        var retry = false;
        try
        {
            SellerEnforcement enforcement;
            do
            {
                _sweepAgain = false;
                enforcement = Enforcement();
                await TellListingsAsync(enforcement);
            }
            while (_sweepAgain || enforcement.Epoch != S.EnforcementEpoch);

            S.EnforcementPending = false;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Seller {SellerId}: telling its listings of enforcement level {Level} failed; retrying", Id, S.EnforcedLevel);
            retry = true;
        }
        finally
        {
            _sweeping = false;
            _heard = null;
        }

        if (retry)
        {
            ScheduleEnforcementSweep(TimeSpan.FromSeconds(1));
            return;
        }

        await CommitAsync();
    }

    private async Task TellListingsAsync(SellerEnforcement enforcement)
    {
        var heard = _heard ??= new(StringComparer.Ordinal);
        var listings = new List<string>();
        foreach (var (listingId, entry) in Book.Current)
        {
            if (MustHear(entry, enforcement.Level) && !(heard.TryGetValue(listingId, out var epoch) && epoch >= enforcement.Epoch))
            {
                listings.Add(listingId);
            }
        }

        var carried = 0;
        foreach (var chunk in listings.Chunk(SweepConcurrency))
        {
            if (enforcement.Epoch != S.EnforcementEpoch)
            {
                // The level moved mid-way (a suspension lifted, say): the next pass tells the new one.
                break;
            }

            var answers = await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<IListingGrain>(id).ApplySellerEnforcement(enforcement)));
            var now = clock.UtcNow;
            foreach (var answer in answers)
            {
                if (answer is null)
                {
                    continue;
                }

                heard[answer.ListingId] = answer.SellerEpoch;
                if (Carry(answer, now))
                {
                    carried++;
                }
            }

            if (carried >= RescoreEvery)
            {
                Rescore(now, $"enforcement reached {carried} listings", "system");
                carried = 0;
            }
        }

        if (carried > 0)
        {
            Rescore(clock.UtcNow, $"enforcement reached {carried} listings", "system");
        }
    }
}
