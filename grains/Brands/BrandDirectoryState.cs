using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>The registry index's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.BrandDirectoryState")]
internal sealed class BrandDirectoryState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public Dictionary<string, BrandRegistryEntry> Brands { get; set; } = new(StringComparer.Ordinal);
}
