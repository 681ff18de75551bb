namespace IpGuard.Grains.Scoring;

/// <summary>
/// The listing's own evidence as plain flags, computed by <see cref="ListingModel.Evaluate"/>
/// and carried by the seller (<see cref="ListingRiskFact.Signals"/>) so that the seller model can
/// see patterns across listings. Not decayed: the seller decays them by the listing's age.
/// </summary>
[Flags]
public enum ListingSignals
{
    None = 0,

    /// <summary>The listing claims a registered brand.</summary>
    Branded = 1,

    /// <summary>Priced at least <see cref="ListingPolicy.DeepDiscount"/> below its brand's reference or typical price.</summary>
    DeepDiscount = 2,

    /// <summary>A restricted brand listed by a seller the brand has not authorized.</summary>
    RestrictedUnauthorized = 4,

    /// <summary>The brand's own photos used by a seller it has not authorized.</summary>
    OfficialPhotosUnauthorized = 8,

    /// <summary>Photos already seen on another seller's listing removed as counterfeit.</summary>
    CounterfeitPhotos = 16,

    /// <summary>Photos shared with a few unrelated sellers.</summary>
    SharedPhotos = 32,

    /// <summary>Counterfeit vocabulary on a listing that claims or names a brand.</summary>
    CounterfeitTerms = 64,

    /// <summary>The title names another brand than the one claimed (not as an accessory's fit).</summary>
    BrandTermMismatch = 128,

    /// <summary>A deep discount backed by evidence of another kind, reports, notices and scans included (<c>discount_corroborated</c>).</summary>
    DiscountCorroborated = 256,

    /// <summary>
    /// Reported by at least one reporter whose report still counts (decayed points above zero),
    /// whatever the points: the seller adds up reports spread over its listings (<c>reported_discounts</c>).
    /// </summary>
    Reported = 512,

    /// <summary>A brand filed a notice of infringement against the listing.</summary>
    Noticed = 1024,

    /// <summary>A Transparency scan of the listing's code found it unknown, cloned or of the wrong brand.</summary>
    ScanFailed = 2048,
}
