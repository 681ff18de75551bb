namespace IpGuard.Fit;

/// <summary>How the fit turns log-odds into points and how far it trusts a few outcomes.</summary>
internal sealed record FitOptions
{
    /// <summary>
    /// The probability of infringement the anchoring threshold stands for: a listing at the removal
    /// threshold, a seller at the restrict threshold, is infringing with this probability.
    /// </summary>
    public double AnchorProbability { get; init; } = 0.9;

    /// <summary>
    /// Pseudo-outcomes per factor that vote for the base policy's weight: a factor seen on n outcomes
    /// gets (n·fitted + PriorOutcomes·base)/(n + PriorOutcomes), so a handful of outcomes moves it little.
    /// </summary>
    public double PriorOutcomes { get; init; } = 20;

    /// <summary>A fitted weight stays between 0 and this multiple of the base weight.</summary>
    public double MaxRatio { get; init; } = 2;

    /// <summary>The L-BFGS trainer's L2 penalty on the log-odds coefficients.</summary>
    public float L2 { get; init; } = 1f;

    /// <summary>Fewer outcomes of a kind, or only one label among them, and its weights stay as in the base policy.</summary>
    public int MinOutcomes { get; init; } = 20;

    /// <summary>
    /// The least gap, in log-odds, between a subject with no evidence and one at the anchoring
    /// threshold: keeps the scale finite when evidence-free outcomes are already mostly infringing.
    /// </summary>
    public double MinLogitGap { get; init; } = 0.5;
}
