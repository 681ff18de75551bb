using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// A seller's decision as it stands (the computed one, or a moderator's override until it
/// expires), the timeline that records each move, and the enforcement level its listings follow.
/// Works on the state alone: no grain calls, the clock and policy passed in.
/// </summary>
internal static class SellerTimeline
{
    /// <summary>How many timeline entries are kept.</summary>
    public const int Capacity = 2000;

    /// <summary>The decision in force: an unexpired override's, else the computed one.</summary>
    public static Decision Effective(SellerState s, DateTimeOffset now) => Effective(s.Decision, s.Override, now);

    /// <summary>The decision in force: an override until it expires, else the seller's own.</summary>
    public static Decision Effective(Decision decision, OverrideView? overrideView, DateTimeOffset now) =>
        overrideView is { } o && o.ExpiresAt > now ? o.Decision : decision;

    public static void Record(SellerState s, DateTimeOffset now, string kind, Decision? from, Decision? to, string reason, string actor, RiskPolicy policy)
    {
        s.Timeline.Add(new TimelineEntry(now, kind, from, to, s.Score, reason, actor, policy.Version));
        if (s.Timeline.Count > Capacity)
        {
            s.Timeline.RemoveAt(0);
        }
    }

    /// <summary>Sets a moderator's override and records it; the decision in force before.</summary>
    public static Decision SetOverride(SellerState s, Decision decision, string reason, DateTimeOffset expiresAt, string actor, DateTimeOffset now, RiskPolicy policy)
    {
        var before = Effective(s, now);
        s.Override = new OverrideView(decision, reason, expiresAt, actor, now);
        Record(s, now, "override_set", before, decision, $"override until {expiresAt:O}: {reason}", actor, policy);
        return before;
    }

    /// <summary>Removes the override, if there is one, and records it; the decision in force before, or null when there was none.</summary>
    public static Decision? ClearOverride(SellerState s, string actor, DateTimeOffset now, RiskPolicy policy)
    {
        if (s.Override is null)
        {
            return null;
        }

        var before = Effective(s, now);
        s.Override = null;
        Record(s, now, "override_cleared", before, s.Decision, "override removed", actor, policy);
        return before;
    }

    /// <summary>How long until the override expires (at most 40 days, so a timer can wait for it); null without one.</summary>
    public static TimeSpan? UntilOverrideExpires(SellerState s, DateTimeOffset now) => s.Override is { } o
        ? TimeSpan.FromTicks(Math.Clamp((o.ExpiresAt - now).Ticks, 0, TimeSpan.FromDays(40).Ticks))
        : null;

    /// <summary>At a rescore: drops an override that has expired, and records it.</summary>
    public static void ExpireOverride(SellerState s, Decision next, DateTimeOffset now, RiskPolicy policy)
    {
        if (s.Override is { } o && o.ExpiresAt <= now)
        {
            Record(s, now, "override_expired", o.Decision, next, "override expired", "system", policy);
            s.Override = null;
        }
    }

    /// <summary>
    /// Suspended for what the seller did itself (or by a moderator), not only through its links:
    /// what linked sellers are told. Two accounts linked to each other would otherwise hold each
    /// other suspended after the first one's suspension ends.
    /// </summary>
    public static bool SuspendedOnItsOwn(SellerState s, DateTimeOffset now, RiskPolicy policy)
    {
        if (Effective(s, now) != Decision.Suspend)
        {
            return false;
        }

        if (s.Override is { } o && o.ExpiresAt > now)
        {
            return true;
        }

        // The score without the links (and before clipping to 0..100).
        var own = 0;
        foreach (var factor in s.Factors)
        {
            if (factor.Code is not ("linked_to_enforced" or "score_cap" or "score_floor"))
            {
                own += factor.Points;
            }
        }

        return own >= policy.Decisions.Suspend;
    }

    /// <summary>
    /// After the decision in force may have moved: moves the level the listings follow, and
    /// schedules telling linked sellers when suspension starts or ends.
    /// </summary>
    public static void AfterDecisionChange(SellerState s, DateTimeOffset now, RiskPolicy policy)
    {
        ChangeEnforcementLevel(s, now, policy);
        if (SuspendedOnItsOwn(s, now, policy) != s.LinkEnforcedPublished && s.FingerprintKeys.Count > 0)
        {
            s.LinkNotifyPending = true;
        }
    }

    /// <summary>
    /// Moves the level the listings follow with the effective decision, and records it: the level
    /// and its epoch are written with the decision that moved them, so that a crash mid-sweep
    /// resumes the sweep on reactivation.
    /// </summary>
    private static void ChangeEnforcementLevel(SellerState s, DateTimeOffset now, RiskPolicy policy)
    {
        var level = SellerEnforcement.LevelOf(Effective(s, now));
        if (level == s.EnforcedLevel)
        {
            return;
        }

        var reason = level switch
        {
            Decision.Suspend => "suspension takes every live listing off sale",
            Decision.Restrict => "restriction takes the flagged listings, and those priced deep below their brand's price, off sale",
            _ => "enforcement lifted: the listings it took off sale return",
        };
        Record(s, now, "listing_enforcement", s.EnforcedLevel, level, reason, "system", policy);
        s.EnforcedLevel = level;
        s.EnforcementEpoch++;
        s.EnforcementPending = true;
    }
}
