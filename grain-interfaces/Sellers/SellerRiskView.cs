namespace IpGuard.GrainInterfaces;

/// <summary>A seller's live risk: score, explainable factors, decision and counters.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.SellerRiskView")]
public sealed record SellerRiskView(
    string SellerId,
    int Score,
    Band Band,
    Decision Decision,
    DateTimeOffset DecisionSince,
    IReadOnlyList<Factor> Factors,
    VerificationView Verification,
    SellerCounts Counts,
    string PolicyVersion,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RegisteredAt,
    string? Country,
    bool Duplicate = false,
    OverrideView? Override = null,
    Decision? ComputedDecision = null,
    SellerShadowView? Shadow = null);
