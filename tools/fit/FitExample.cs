using IpGuard.GrainInterfaces;

namespace IpGuard.Fit;

/// <summary>One labelled outcome as the fit reads it: the subject kind, the label and the feature values.</summary>
internal sealed record FitExample(OutcomeSubject Subject, bool Infringing, IReadOnlyDictionary<string, double> Features);
