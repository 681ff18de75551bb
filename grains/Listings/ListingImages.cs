using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// A listing's photos against the image index: what they say before a rescore, and, once a
/// removal for the listing's own reasons is written, the taint they carry to other sellers'
/// listings that use them. Holds no listing's state: one per silo.
/// </summary>
internal sealed class ListingImages(RegistryCache registry, ImageEvidenceService images)
{
    /// <summary>Asks the image index what the listing's photos say now (and records their use).</summary>
    public async Task ObserveAsync(ListingState s, string id)
    {
        if (s.ImageHashes is not { Count: > 0 } photos)
        {
            s.Images = null;
            return;
        }

        var index = await registry.GetAsync();
        var authorized = s.BrandId is not null && index.IsAuthorized(s.BrandId, s.SellerId!);
        var findings = await images.ObserveAsync(id, s.SellerId!, s.BrandId, authorized, photos, index);
        if (findings != s.Images)
        {
            s.Images = findings;
        }
    }

    /// <summary>
    /// Whether a status about to be written makes the listing's photos taint other sellers'
    /// listings that use them: removed for its own reasons, not its seller's enforcement.
    /// </summary>
    public static bool RemovedAsCounterfeit(ListingState s) =>
        s.Status == ListingStatus.Removed && !s.RemovedBySeller && s.ImageHashes is { Count: > 0 };

    /// <summary>After the write of such a removal: marks the listing's own photos counterfeit.</summary>
    public async Task MarkCounterfeitAsync(ListingState s, string id)
    {
        if (s.ImageHashes is not { Count: > 0 } photos)
        {
            return;
        }

        // A brand's official photos stolen by a counterfeiter stay the brand's: they taint nothing.
        var index = await registry.GetAsync();
        List<string> own = [.. photos.Where(p => index.OfficialBrandsOf(p).Count == 0)];
        if (own.Count > 0)
        {
            await images.MarkCounterfeitAsync(id, s.SellerId!, own);
        }
    }

    /// <summary>
    /// The index's findings as the model's evidence. The claimed brand's official photos are
    /// evidence only where the brand is restricted: anyone may sell an unrestricted brand's genuine
    /// goods with its catalogue photos. Another brand's official photos always are.
    /// </summary>
    public static ImageEvidence EvidenceOf(ImageFindings? findings, bool restrictedBrand) => findings is null
        ? ImageEvidence.None
        : new ImageEvidence((restrictedBrand ? findings.OfficialPhotos : 0) + findings.OtherBrandPhotos, findings.TaintedPhotos, findings.SharedPhotos, findings.StockPhotos);
}
