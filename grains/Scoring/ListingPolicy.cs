namespace IpGuard.Grains.Scoring;

/// <summary>How a listing is scored from its own facts and its brand's registry.</summary>
public sealed class ListingPolicy
{
    private readonly PhraseCache _ambiguous = new();
    private readonly PhraseCache _innocent = new();
    private readonly PhraseCache _cues = new();

    /// <summary>At or above this score a listing is flagged for attention.</summary>
    public int FlagThreshold { get; set; } = 40;

    /// <summary>At or above this score a listing is removed proactively.</summary>
    public int RemovalThreshold { get; set; } = 70;

    /// <summary>
    /// An unambiguous counterfeit term in the title of a listing that claims or names a brand:
    /// with a brand it is an admission.
    /// </summary>
    public double CounterfeitTermInTitle { get; set; } = 40;

    /// <summary>An ambiguous term (<see cref="AmbiguousCounterfeitTerms"/>) in the title of a listing that claims or names a brand.</summary>
    public double AmbiguousTermInTitle { get; set; } = 35;

    public double CounterfeitTermInDescription { get; set; } = 15;
    public double AmbiguousTermInDescription { get; set; } = 5;

    /// <summary>
    /// Share of a term's weight kept on a listing that neither claims nor names a brand: the same
    /// words sell replica movie props, counterfeit-money pens and 1:1 scale models.
    /// </summary>
    public double UnbrandedTermShare { get; set; } = 0.5;

    /// <summary>Share kept for an ambiguous term without a brand ("AAA", "mirror quality", "inspired by" on generic goods).</summary>
    public double UnbrandedAmbiguousTermShare { get; set; } = 0.1;

    /// <summary>Another brand's trademark or protected term in the title of a listing that claims another brand or none.</summary>
    public double BrandTermMismatch { get; set; } = 25;

    /// <summary>
    /// Another brand's term that follows a compatibility cue ("case for", "compatible with"): an
    /// accessory saying what it fits, not a claim to be the brand.
    /// </summary>
    public double BrandTermAfterCompatibilityCue { get; set; } = 0;

    /// <summary>How many words may stand between a compatibility cue and the brand term it introduces ("fits all Lumora watches").</summary>
    public int CompatibilityCueWindow { get; set; } = 2;

    /// <summary>A restricted brand listed by a seller the brand has not authorized; a standing fact, so it does not decay.</summary>
    public double RestrictedUnauthorized { get; set; } = 30;

    /// <summary>
    /// A restricted brand's listing by a seller it has not authorized is at least flagged, whatever
    /// its score, until the seller is authorized (see <see cref="ListingModel.StatusFor(RiskAssessment, bool, ListingPolicy)"/>).
    /// </summary>
    public bool GateRestrictedUnauthorized { get; set; } = true;

    /// <summary>
    /// While the listing's seller is restricted, a listing priced a deep discount below its brand's
    /// price (<see cref="DeepDiscount"/>) is taken off sale with the seller's flagged listings: the
    /// price pattern is what the seller was judged on, and each such listing is an instance of it.
    /// It comes back when the restriction ends, as every removal of the seller's enforcement does.
    /// </summary>
    public bool RestrictionRemovesDeepDiscounts { get; set; } = true;

    /// <summary>
    /// Discount below the brand's reference (or typical observed) price where points start.
    /// Honest sales of 20–30% stay below it; clearance sales of 40–60% earn some points, which alone
    /// never reach the flag threshold: price only counts together with other evidence.
    /// </summary>
    public double PriceDiscountStart { get; set; } = 0.40;

    /// <summary>Discount at which the price factor reaches its maximum.</summary>
    public double PriceDiscountFull { get; set; } = 0.80;

    public double PriceMinPoints { get; set; } = 10;
    public double PriceMaxPoints { get; set; } = 30;

    /// <summary>
    /// A discount from which the price is a deep discount: the level counterfeits sell at, and
    /// what <c>discount_corroborated</c> and the seller's <c>deep_discount_pattern</c> look for.
    /// </summary>
    public double DeepDiscount { get; set; } = 0.45;

    /// <summary>
    /// Distinct sellers an observed typical price (<see cref="ObservedBrandPrice"/>) must come from
    /// before it is compared with, and before it, rather than the reference, bounds what it learns.
    /// </summary>
    public int ObservedPriceMinSamples { get; set; } = 10;

    /// <summary>
    /// A deep discount together with independent evidence of another kind (authorization, photos,
    /// words, reports, notices, scans): the first kind earns this, each further kind
    /// <see cref="DiscountCorroboratedEach"/>, up to <see cref="DiscountCorroboratedCap"/>.
    /// </summary>
    public double DiscountCorroborated { get; set; } = 15;

    public double DiscountCorroboratedEach { get; set; } = 10;
    public double DiscountCorroboratedCap { get; set; } = 25;

    /// <summary>Report points from which reports corroborate a deep discount (one new buyer's report alone does not).</summary>
    public double CorroboratingReportPoints { get; set; } = 8;

    /// <summary>The brand's own photos used by a seller the brand has not authorized.</summary>
    public double OfficialPhotosUnauthorized { get; set; } = 30;

    /// <summary>Photos already seen on another seller's listing removed as counterfeit.</summary>
    public double CounterfeitPhotos { get; set; } = 35;

    /// <summary>Photos shared with a few unrelated sellers.</summary>
    public double SharedPhotos { get; set; } = 15;

    /// <summary>Photos shared by many unrelated sellers (stock, prep centers): next to nothing.</summary>
    public double StockPhotos { get; set; } = 0;

    /// <summary>Each photo of a class beyond the first adds this share of the class's weight, for at most <see cref="ExtraPhotosCounted"/> more photos.</summary>
    public double ExtraPhotoShare { get; set; } = 0.25;

    public int ExtraPhotosCounted { get; set; } = 2;

    public double BuyerReport { get; set; } = 8;
    public double SystemReport { get; set; } = 12;
    public double ReportCap { get; set; } = 30;
    public double ReportHalfLifeDays { get; set; } = 30;

    /// <summary>A brand's notice of infringement against the listing.</summary>
    public double BrandNotice { get; set; } = 20;

    /// <summary>A scan of the listing's Transparency code found it unknown, cloned or of the wrong brand.</summary>
    public double TransparencyFailure { get; set; } = 40;
    public double TransparencyFailureCap { get; set; } = 60;

    /// <summary>Half-life of a listing's content signals, counted from the listing's last change.</summary>
    public double SignalHalfLifeDays { get; set; } = 90;

    /// <summary>
    /// Words and phrases sellers of fakes use; matched as whole words, case-insensitively, after
    /// punctuation other than ':' becomes a space. Values from configuration add to these.
    /// </summary>
    public string[] CounterfeitTerms { get; set; } =
    [
        "replica", "replicas", "1:1", "aaa", "aaa+", "mirror quality", "mirror image quality", "inspired by",
        "dupe", "dupes", "fake", "knockoff", "knock off", "counterfeit", "imitation", "high copy",
        "copy version", "super copy", "unauthentic", "not authentic", "non original", "not original",
        "same as original", "factory replica", "top grade copy", "grade aaa", "look alike", "lookalike",
    ];

    /// <summary>
    /// The counterfeit terms (a subset of <see cref="CounterfeitTerms"/>) that honest titles also use
    /// ("AAA batteries", "mirror quality glass", "inspired by nature", "imitation leather").
    /// </summary>
    public string[] AmbiguousCounterfeitTerms { get; set; } =
    [
        "aaa", "aaa+", "grade aaa", "mirror quality", "mirror image quality", "inspired by", "dupe", "dupes",
        "imitation", "look alike", "lookalike",
    ];

    /// <summary>Phrases in which a counterfeit term is innocent; a term found inside one does not count.</summary>
    public string[] InnocentPhrases { get; set; } =
    [
        "aaa battery", "aaa batteries", "aaa cell", "aaa cells", "aaa alkaline", "aaa rechargeable", "size aaa", "aaa size",
        "inspired by nature", "imitation leather", "imitation pearl", "imitation pearls", "fake fur", "fake plant", "fake plants",
        "fake flowers", "fake eyelashes", "counterfeit detector", "counterfeit money detector", "counterfeit pen",
        "counterfeit detection", "1:1 scale",
    ];

    /// <summary>Words that introduce the brand an accessory fits ("case for Lumora", "compatible with Lumora").</summary>
    public string[] CompatibilityCues { get; set; } =
    [
        "compatible with", "compatible for", "fits", "fit for", "for use with", "works with", "designed for", "made for",
        "suitable for", "replacement for", "replacement", "case for", "cover for", "strap for", "band for", "bands for",
        "charger for", "cable for", "adapter for", "accessory for", "accessories for", "protector for", "refill for",
        "parts for", "skin for", "sleeve for", "holder for", "mount for", "stand for", "dock for", "insert for",
    ];

    internal PhraseSet AmbiguousTermSet => _ambiguous.Get(AmbiguousCounterfeitTerms);

    internal PhraseSet InnocentPhraseSet => _innocent.Get(InnocentPhrases);

    internal PhraseSet CompatibilityCueSet => _cues.Get(CompatibilityCues);
}
