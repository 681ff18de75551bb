using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using Microsoft.Extensions.Logging;

namespace IpGuard.Grains;

/// <summary>How a sweep ended.</summary>
internal enum SweepEnd
{
    /// <summary>Nothing was pending, or a sweep already runs: nothing to write.</summary>
    Idle,

    /// <summary>Every listing that must follow the level heard of it: the state is written.</summary>
    Done,

    /// <summary>A listing call failed: the sweep runs again a moment later.</summary>
    Failed,
}

/// <summary>
/// Enforcement reaches listings: when the seller's effective decision enters or leaves restrict
/// or suspend, a sweep from a timer turn tells every listing that must follow. The level and its
/// epoch are written with the decision that moved them (<see cref="SellerTimeline.AfterDecisionChange"/>),
/// so a crash mid-sweep resumes it on reactivation; listings ignore news older than the epoch they
/// hold. One sweep runs at a time: a change while it runs makes it look again rather than start
/// another. One per seller activation that sweeps.
/// </summary>
internal sealed class ListingSweep(GrainRefs refs, ILogger logger)
{
    /// <summary>Listing calls in flight at once during a sweep: a big seller's sweep never crowds out ingest.</summary>
    private const int Concurrency = 32;

    /// <summary>Listing answers carried between rescores of the seller (each one reads the whole book).</summary>
    private const int RescoreEvery = 256;

    private bool _sweeping;
    private bool _again;

    /// <summary>During a sweep: the epoch each listing answered with, so that looking again tells only the rest.</summary>
    private Dictionary<string, long>? _heard;

    /// <summary>The enforcement the seller's listings follow now.</summary>
    public static SellerEnforcement Current(SellerState s, string id) => new(id, s.EnforcedLevel, s.EnforcementEpoch);

    /// <summary>Whether a listing, as the seller carries it, would change under this level.</summary>
    public static bool MustHear(SellerListingEntry entry, Decision level) => ListingStatusRules.MustHear(entry.Status, entry.RemovedBySeller, (ListingSignals)entry.Signals, level);

    /// <summary>When a sweep runs: makes it look again before it ends (true); else false, and a new one may start.</summary>
    public bool LookAgainIfRunning()
    {
        _again |= _sweeping;
        return _sweeping;
    }

    /// <summary>
    /// Tells each listing that must follow the current level, and carries their answers into the
    /// book, rescoring once a chunk; the caller writes once at the end. A crash before that write
    /// leaves the sweep pending, so it runs again and the listings answer again.
    /// </summary>
    /// <param name="carry">Carries a listing's answer into the book; whether it changed anything.</param>
    /// <param name="rescore">Rescores the seller for the listings carried, with the cause to record.</param>
    public async Task<SweepEnd> RunAsync(SellerState s, string id, SellerBook book, RiskClock clock,
        Func<ListingChange, DateTimeOffset, bool> carry, Action<DateTimeOffset, string> rescore)
    {
        if (!s.EnforcementPending || _sweeping)
        {
            return SweepEnd.Idle;
        }

        _sweeping = true;
        try
        {
            SellerEnforcement enforcement;
            do
            {
                _again = false;
                enforcement = Current(s, id);
                await TellListingsAsync(s, book, enforcement, clock, carry, rescore);
            }
            while (_again || enforcement.Epoch != s.EnforcementEpoch);

            s.EnforcementPending = false;
            return SweepEnd.Done;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Seller {SellerId}: telling its listings of enforcement level {Level} failed; retrying", id, s.EnforcedLevel);
            return SweepEnd.Failed;
        }
        finally
        {
            _sweeping = false;
            _heard = null;
        }
    }

    private async Task TellListingsAsync(SellerState s, SellerBook book, SellerEnforcement enforcement, RiskClock clock,
        Func<ListingChange, DateTimeOffset, bool> carry, Action<DateTimeOffset, string> rescore)
    {
        var heard = _heard ??= new(StringComparer.Ordinal);
        var listings = new List<string>();
        foreach (var (listingId, entry) in book.Listings.Current)
        {
            if (MustHear(entry, enforcement.Level) && !(heard.TryGetValue(listingId, out var epoch) && epoch >= enforcement.Epoch))
            {
                listings.Add(listingId);
            }
        }

        var carried = 0;
        foreach (var chunk in listings.Chunk(Concurrency))
        {
            if (enforcement.Epoch != s.EnforcementEpoch)
            {
                // The level moved mid-way (a suspension lifted, say): the next pass tells the new one.
                break;
            }

            var answers = await Task.WhenAll(chunk.Select(listingId => refs.Listing(listingId).ApplySellerEnforcement(enforcement)));
            var now = clock.UtcNow;
            foreach (var answer in answers)
            {
                if (answer is null)
                {
                    continue;
                }

                heard[answer.ListingId] = answer.SellerEpoch;
                if (carry(answer, now))
                {
                    carried++;
                }
            }

            if (carried >= RescoreEvery)
            {
                rescore(now, $"enforcement reached {carried} listings");
                carried = 0;
            }
        }

        if (carried > 0)
        {
            rescore(clock.UtcNow, $"enforcement reached {carried} listings");
        }
    }
}
