using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>A brand's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.BrandState")]
internal sealed class BrandState
{
    [Id(0)] public BrandRegistryEntry? Entry { get; set; }
    [Id(1)] public DateTimeOffset UpdatedAt { get; set; }

    // Ids 2, 3, 4 and 7 held listing stats, now in the brand's stats shards (IBrandStatsGrain).
    [Id(5)] public long NoticesFiled { get; set; }
    [Id(6)] public long NoticesAccepted { get; set; }

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
