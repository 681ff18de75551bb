namespace IpGuard.GrainInterfaces;

/// <summary>
/// One shard of the image index, keyed by the shard's number ("0" to "127"): what is known of
/// the image hashes that fall in it (which sellers use each, whether a brand's authorized sellers
/// do, and which listings using it were removed as counterfeit). Hashes are spread over the shards
/// so that no single grain sits on every listing's path; a listing calls only the shards its
/// photos fall in.
/// </summary>
[Alias("ipguard.IImageIndexGrain")]
public interface IImageIndexGrain : IGrainWithStringKey
{
    /// <summary>How many shards there are. Fixed: a shard's key names its stored state.</summary>
    public const int Shards = 128;

    /// <summary>Records a seller's use of these photos (idempotent) and answers, per hash in order, what else is known of it.</summary>
    [Alias("Observe")]
    Task<IReadOnlyList<ImageSighting>> Observe(ImageUse use);

    /// <summary>Records that a listing using these photos was removed as counterfeit (idempotent per listing).</summary>
    [Alias("MarkCounterfeit")]
    Task MarkCounterfeit(CounterfeitImages removal);

    /// <summary>How many hashes the shard holds, and its bound.</summary>
    [Alias("GetStats"), ReadOnly]
    Task<ImageShardStats> GetStats();
}
