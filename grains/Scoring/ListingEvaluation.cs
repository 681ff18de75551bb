namespace IpGuard.Grains.Scoring;

/// <summary>A listing's assessment and the signals its seller carries.</summary>
public readonly record struct ListingEvaluation(RiskAssessment Assessment, ListingSignals Signals)
{
    /// <summary>
    /// The listing claims a brand and its price is that of the brand's own goods (not of an
    /// accessory that only fits it): a price the brand's observed market may learn from.
    /// </summary>
    public bool PricedAsBrand { get; init; }
}
