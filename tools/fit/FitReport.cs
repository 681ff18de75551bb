using IpGuard.GrainInterfaces;

namespace IpGuard.Fit;

/// <summary>What the fit did for one subject kind.</summary>
/// <param name="Bias">The log-odds of a subject with no evidence (score 0).</param>
/// <param name="PointsPerLogit">The scale: points per unit of log-odds.</param>
/// <param name="Skipped">Why the kind kept its base weights, or null if it was fitted.</param>
internal sealed record FitReport(
    OutcomeSubject Subject,
    int Outcomes,
    int Infringing,
    double Bias,
    double PointsPerLogit,
    IReadOnlyList<FeatureWeight> Weights,
    string? Skipped)
{
    /// <summary>The probability of infringement the fit gives a score (its log-odds are bias + score/scale).</summary>
    public double ProbabilityAt(double score) => 1 / (1 + Math.Exp(-(Bias + (score / PointsPerLogit))));
}

/// <summary>One factor's weight: as the base policy has it, as the outcomes alone say, and as written.</summary>
/// <param name="Support">Outcomes on which the factor was present.</param>
/// <param name="Coefficient">The log-odds per unit of the feature (credits: per unit of credit, as a reduction).</param>
internal sealed record FeatureWeight(string Name, int Support, double Coefficient, double Base, double Fitted, double Final);
