namespace IpGuard.Grains.Scoring;

/// <summary>A listing's assessment and the signals its seller carries.</summary>
public readonly record struct ListingEvaluation(RiskAssessment Assessment, ListingSignals Signals);
