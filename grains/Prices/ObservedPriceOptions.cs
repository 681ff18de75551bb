namespace IpGuard.Grains;

/// <summary>The bound of each silo's observed brand prices (<c>IpGuard:ObservedPrices</c>).</summary>
public sealed class ObservedPriceOptions
{
    public const string Section = "IpGuard:ObservedPrices";

    /// <summary>
    /// Brand and currency pairs a silo keeps a sample for; past it, a sparsely sampled pair makes
    /// room. A pair costs ~16 bytes a sampled seller plus ~150, so the default is ~4.5 MB a silo.
    /// </summary>
    public int MaxBrands { get; set; } = 4096;

    /// <summary>Distinct sellers a pair's sample holds; the median of 64 is within a few percent of the market's.</summary>
    public int SellersPerBrand { get; set; } = 64;

    internal bool IsValid() => MaxBrands is >= 1 and <= 1_000_000 && SellersPerBrand is >= 3 and <= 4096;
}
