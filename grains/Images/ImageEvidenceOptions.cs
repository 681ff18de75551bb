namespace IpGuard.Grains;

/// <summary>The image index's bound, how often it is stored, and how long ingest waits for it (<c>IpGuard:Images</c>).</summary>
public sealed class ImageEvidenceOptions
{
    public const string Section = "IpGuard:Images";

    /// <summary>
    /// Image hashes one shard holds at most; 128 shards make 1,048,576 hashes a cluster at the
    /// default. A hash held costs ~165 bytes (one seller) to ~185 (shared), so a full shard is
    /// ~1.4 MB and a full index ~180 MB spread over the silos; its stored evidence ~60 bytes a hash.
    /// </summary>
    public int ShardCapacity { get; set; } = 8192;

    /// <summary>How often a shard whose evidence changed is written. What changed since is lost on a crash.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a listing waits for the index; past it the findings are marked incomplete.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A photo more than this many other sellers use is stock (a photo library's, a prep center's):
    /// it weighs little.
    /// </summary>
    // REVIEW: a weight-like threshold; it belongs in the versioned risk policy once the model reads image evidence.
    public int StockSellers { get; set; } = 5;

    internal bool IsValid() =>
        ShardCapacity is >= 16 and <= 1_000_000
        && FlushInterval > TimeSpan.Zero
        && CallTimeout > TimeSpan.Zero
        && StockSellers >= 1 && StockSellers < ImageShardIndex.KeptSellers - 1;
}
