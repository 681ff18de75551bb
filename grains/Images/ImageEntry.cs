namespace IpGuard.Grains;

/// <summary>
/// What one shard knows of one image hash. Fields, not properties: the index passes them by
/// reference to <see cref="KeptSet"/>, and holds a great many of these.
/// </summary>
internal sealed class ImageEntry(UInt128 key)
{
    public readonly UInt128 Key = key;

    /// <summary>The sellers using it (hashes of their ids), a few kept, counted beyond.</summary>
    public ulong[]? Sellers;
    public ulong SellerBits;

    /// <summary>Brands (hashes) whose authorized sellers use it on the brand's listings.</summary>
    public ulong[]? AuthorizedBrands;

    /// <summary>Its counterfeit removals; null until the first, as almost every photo has none.</summary>
    public CounterfeitTrail? Counterfeit;

    /// <summary>Its neighbours in its tier's recency list.</summary>
    public ImageEntry? Older;
    public ImageEntry? Newer;
    public bool InEvidenceTier;

    /// <summary>Worth keeping over a restart and over photos nobody else uses: shared, a brand's, or counterfeit.</summary>
    public bool IsEvidence => Sellers is { Length: > 1 } || AuthorizedBrands is not null || Counterfeit is not null;
}

/// <summary>The listings using a photo that were removed as counterfeit, and their sellers.</summary>
internal sealed class CounterfeitTrail
{
    /// <summary>Listings (hashes of their ids): a repeated removal of one counts once.</summary>
    public ulong[]? Listings;
    public ulong ListingBits;

    /// <summary>Their sellers, by id: the evidence names them.</summary>
    public string[]? Sellers;
    public ulong SellerBits;
}
