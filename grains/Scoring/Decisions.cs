using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// Maps a score to a decision with hysteresis: a decision rises as soon as the score reaches a
/// threshold, and steps down only when the score falls a margin below the current threshold.
/// </summary>
public static class Decisions
{
    public static int Threshold(Decision decision, DecisionPolicy policy) => decision switch
    {
        Decision.Allow => 0,
        Decision.Monitor => policy.Monitor,
        Decision.Review => policy.Review,
        Decision.Restrict => policy.Restrict,
        Decision.Suspend => policy.Suspend,
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };

    /// <summary>The decision a score reaches with no history.</summary>
    public static Decision For(int score, DecisionPolicy policy) =>
        score >= policy.Suspend ? Decision.Suspend
        : score >= policy.Restrict ? Decision.Restrict
        : score >= policy.Review ? Decision.Review
        : score >= policy.Monitor ? Decision.Monitor
        : Decision.Allow;

    /// <summary>The next decision given the current one.</summary>
    public static Decision Next(int score, Decision current, DecisionPolicy policy)
    {
        var target = For(score, policy);
        if (target >= current)
        {
            return target;
        }

        var next = current;
        while (next > target && score < Threshold(next, policy) - policy.HysteresisMargin)
        {
            next--;
        }

        return next;
    }
}
