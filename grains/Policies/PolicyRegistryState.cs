using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>The policy registry's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.PolicyRegistryState")]
internal sealed class PolicyRegistryState
{
    /// <summary>Bumped by every change of the active or shadow version: what the silos poll.</summary>
    [Id(0)] public long Generation { get; set; }
    [Id(1)] public string? Active { get; set; }
    [Id(2)] public string? Shadow { get; set; }
    [Id(3)] public DateTimeOffset? ShadowSince { get; set; }
    [Id(4)] public Dictionary<string, PolicyEntry> Versions { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One stored version. <see cref="Used"/>: it was active or shadow once, so it never changes again.</summary>
[GenerateSerializer, Alias("ipguard.PolicyEntry")]
internal sealed class PolicyEntry
{
    [Id(0)] public string Document { get; set; } = "";
    [Id(1)] public string? Note { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public bool Used { get; set; }
    [Id(4)] public DateTimeOffset? ShadowSince { get; set; }
}
