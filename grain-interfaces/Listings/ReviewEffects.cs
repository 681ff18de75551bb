namespace IpGuard.GrainInterfaces;

/// <summary>What else a listing review decides: its reporters' credibility and the brands' notices.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ReviewEffects")]
public sealed record ReviewEffects(IReadOnlyList<string> Reporters, IReadOnlyList<BrandRemovalRef> Notices);
