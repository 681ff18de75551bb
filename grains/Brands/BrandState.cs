using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>A brand's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.BrandState")]
internal sealed class BrandState
{
    [Id(0)] public BrandRegistryEntry? Entry { get; set; }
    [Id(1)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Per listing claiming the brand, what it counts as (<see cref="ListingFlags"/>), so that a
    /// repeated or late delta changes nothing and counts stay exact.
    /// </summary>
    // REVIEW: grows with the brand's listings and is written whole on every change; the
    // performance issue should shard it or move it to Redis hashes.
    [Id(2)] public Dictionary<string, ListingFlags> Listings { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public long ListingsRemoved { get; set; }
    [Id(4)] public long ProactiveRemovals { get; set; }
    [Id(5)] public long NoticesFiled { get; set; }
    [Id(6)] public long NoticesAccepted { get; set; }
    [Id(7)] public HashSet<string> InfringingSellers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Notices a moderator decided (accepted or not): the track record behind eligibility.</summary>
    [Id(8)] public long NoticesDecided { get; set; }

    /// <summary>The recent decision keys, so that a retried decision counts once.</summary>
    [Id(9)] public List<string> DecisionKeys { get; set; } = [];

    /// <summary>The per-brand secret that Transparency codes are an HMAC under.</summary>
    [Id(10)] public byte[]? CodeSecret { get; set; }

    /// <summary>The next serial to mint; every serial below it was minted.</summary>
    [Id(11)] public long NextSerial { get; set; }

    [Id(12)] public EventWindow Events { get; set; } = new();
}

/// <summary>What a listing counts as in its brand's stats.</summary>
[Flags]
internal enum ListingFlags : byte
{
    Seen = 1,
    Removed = 2,
    Proactive = 4,
}
