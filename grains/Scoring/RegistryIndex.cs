using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// Every registered brand by id, every trademark and protected term (normalized) to the
/// brands that own it (what a listing's title is checked against), and every official image
/// hash to the brands that registered it (what a listing's photos are checked against).
/// </summary>
public sealed class RegistryIndex
{
    private readonly Dictionary<string, BrandRegistryEntry> _brands;
    private readonly Dictionary<string, List<string>> _termOwners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _authorized = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _officialImages = new(StringComparer.Ordinal);

    public RegistryIndex(long version, IEnumerable<BrandRegistryEntry> brands)
    {
        Version = version;
        _brands = new Dictionary<string, BrandRegistryEntry>(StringComparer.Ordinal);
        var terms = new List<string>();
        foreach (var brand in brands)
        {
            _brands[brand.BrandId] = brand;
            _authorized[brand.BrandId] = new HashSet<string>(brand.AuthorizedSellers, StringComparer.Ordinal);
            foreach (var image in brand.OfficialImages)
            {
                if (!_officialImages.TryGetValue(image, out var registeredBy))
                {
                    _officialImages[image] = registeredBy = [];
                }

                if (!registeredBy.Contains(brand.BrandId))
                {
                    registeredBy.Add(brand.BrandId);
                }
            }

            foreach (var term in brand.Trademarks.Concat(brand.ProtectedTerms).Append(brand.Name))
            {
                var normalized = TextScan.Normalize(term);
                if (normalized.Length == 0)
                {
                    continue;
                }

                if (!_termOwners.TryGetValue(normalized, out var owners))
                {
                    _termOwners[normalized] = owners = [];
                    terms.Add(normalized);
                }

                if (!owners.Contains(brand.BrandId))
                {
                    owners.Add(brand.BrandId);
                }
            }
        }

        Terms = new PhraseSet(terms);
    }

    public static RegistryIndex Empty { get; } = new(0, []);

    public long Version { get; }

    public PhraseSet Terms { get; }

    public BrandRegistryEntry? Brand(string? brandId) =>
        brandId is not null && _brands.TryGetValue(brandId, out var brand) ? brand : null;

    public bool IsAuthorized(string brandId, string sellerId) =>
        _authorized.TryGetValue(brandId, out var sellers) && sellers.Contains(sellerId);

    public IReadOnlyList<string> Owners(string normalizedTerm) =>
        _termOwners.TryGetValue(normalizedTerm, out var owners) ? owners : [];

    /// <summary>The brands that registered this image hash as one of their official photos.</summary>
    public IReadOnlyList<string> OfficialBrandsOf(string imageHash) =>
        _officialImages.TryGetValue(imageHash, out var brands) ? brands : [];
}
