using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>A score in 0..100, its band, and the factors whose points add up to it.</summary>
public sealed record RiskAssessment(int Score, Band Band, IReadOnlyList<Factor> Factors)
{
    public static RiskAssessment Zero { get; } = new(0, Band.Low, []);
}
