using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>Maps a score to its band.</summary>
public static class Bands
{
    public static Band Of(int score, BandPolicy policy) =>
        score >= policy.Critical ? Band.Critical
        : score >= policy.High ? Band.High
        : score >= policy.Medium ? Band.Medium
        : Band.Low;
}
