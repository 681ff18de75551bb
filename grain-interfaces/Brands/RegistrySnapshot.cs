namespace IpGuard.GrainInterfaces;

/// <summary>Every brand's registry entry at one version.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.RegistrySnapshot")]
public sealed record RegistrySnapshot(long Version, IReadOnlyList<BrandRegistryEntry> Brands);
