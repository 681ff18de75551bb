using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// Records a labelled outcome with the subject's risk as it stands before the judgment takes
/// effect: its factors and their feature values under the policy in force.
/// </summary>
internal static class OutcomeRecorder
{
    public static async Task RecordListingAsync(IGrainFactory grains, RiskPolicy policy, string key, OutcomeSource source,
        string listingId, bool infringing, string outcome, DateTimeOffset at)
    {
        if (await grains.Listing(listingId).GetRisk() is { } view)
        {
            await RecordAsync(grains, policy, new Subject(OutcomeSubject.Listing, listingId, view.Score, view.Factors, view.PolicyVersion),
                key, source, infringing, outcome, at);
        }
    }

    public static async Task RecordSellerAsync(IGrainFactory grains, RiskPolicy policy, string key, OutcomeSource source,
        string sellerId, bool infringing, string outcome, DateTimeOffset at)
    {
        if (await grains.GetGrain<ISellerGrain>(sellerId).GetRisk() is { } view)
        {
            await RecordAsync(grains, policy, new Subject(OutcomeSubject.Seller, sellerId, view.Score, view.Factors, view.PolicyVersion),
                key, source, infringing, outcome, at);
        }
    }

    private static Task RecordAsync(IGrainFactory grains, RiskPolicy policy, Subject subject, string key, OutcomeSource source,
        bool infringing, string outcome, DateTimeOffset at)
    {
        var factors = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var factor in subject.Factors)
        {
            factors[factor.Code] = factors.GetValueOrDefault(factor.Code) + factor.Points;
        }

        // REVIEW: feature values divide by the weights of the policy in force; a subject last
        // scored under another version (a policy activated since) is divided by the new weights.
        var features = PolicyFeatures.Values(subject.Kind, subject.Factors, policy);
        var example = new OutcomeExample(key, source, subject.Kind, subject.Id, infringing, outcome, subject.PolicyVersion,
            subject.Score, factors, features, at);
        return grains.GetGrain<IOutcomeLogGrain>(IOutcomeLogGrain.Key).Record(example);
    }

    private sealed record Subject(OutcomeSubject Kind, string Id, int Score, IReadOnlyList<Factor> Factors, string PolicyVersion);
}
