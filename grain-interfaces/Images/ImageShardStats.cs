namespace IpGuard.GrainInterfaces;

/// <summary>An image index shard's size: the hashes it holds, its bound, and how many of them carry evidence (and are stored).</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ImageShardStats")]
public sealed record ImageShardStats(
    [property: Id(0)] int Hashes,
    [property: Id(1)] int Capacity,
    [property: Id(2)] int EvidenceHashes);
