namespace IpGuard.GrainInterfaces;

/// <summary>The checkout answer with the reason codes that led to it.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.CheckoutAnswer")]
public sealed record CheckoutAnswer(CheckoutOutcome Outcome, Decision? SellerDecision, int? Score, IReadOnlyList<string> Reasons, string PolicyVersion);
