namespace IpGuard.Grains.Scoring;

/// <summary>
/// Weights, thresholds, half-lives and vocabulary of the risk model, bound from configuration
/// section <c>IpGuard:Policy</c>. The defaults here are the shipped policy; every assessment
/// reports <see cref="Version"/>, so change it whenever a number changes.
/// </summary>
public sealed class RiskPolicy
{
    public const string Section = "IpGuard:Policy";

    public string Version { get; set; } = "2026.12-default.4";

    public DecisionPolicy Decisions { get; set; } = new();

    public BandPolicy Bands { get; set; } = new();

    public ListingPolicy Listing { get; set; } = new();

    public SellerPolicy Seller { get; set; } = new();

    public EnforcementPolicy Enforcement { get; set; } = new();
}

/// <summary>Notices, takedowns, Transparency, reporter credibility, cases and appeals.</summary>
public sealed class EnforcementPolicy
{
    /// <summary>Decided notices a brand needs before its notices remove listings and it may take down.</summary>
    public int TrustedMinDecidedNotices { get; set; } = 10;

    /// <summary>Share of decided notices accepted that a trusted brand keeps.</summary>
    public double TrustedMinAcceptedShare { get; set; } = 0.9;

    /// <summary>Scans of one code beyond which it is cloned, even on one seller.</summary>
    public int MaxScansPerCode { get; set; } = 10;

    public double NewReporterWeight { get; set; } = 0.5;
    public double ConfirmedReportStep { get; set; } = 0.25;
    public double DismissedReportStep { get; set; } = 0.35;
    public double MinReporterWeight { get; set; } = 0.1;
    public double MaxReporterWeight { get; set; } = 2.0;

    /// <summary>Distinct reporters of a seller that open a seller_review case, whatever the score.</summary>
    public int MassReportThreshold { get; set; } = 10;

    /// <summary>A granted seller appeal sets a monitor override for this long.</summary>
    public int AppealReinstateDays { get; set; } = 90;

    /// <summary>
    /// Counterfeit reports on one listing from two or more distinct reporters whose credibility
    /// adds up to this flag it and open its listing_review case (two new buyers weigh 1.0).
    /// </summary>
    public double ListingReviewReportWeight { get; set; } = 1.0;
}

/// <summary>Score thresholds of each decision, and the hysteresis margin for stepping down.</summary>
public sealed class DecisionPolicy
{
    public int Monitor { get; set; } = 25;
    public int Review { get; set; } = 45;
    public int Restrict { get; set; } = 65;
    public int Suspend { get; set; } = 85;

    /// <summary>A decision steps down only once the score is this far below its threshold.</summary>
    public int HysteresisMargin { get; set; } = 8;
}

/// <summary>Lower bounds of the medium, high and critical bands.</summary>
public sealed class BandPolicy
{
    public int Medium { get; set; } = 25;
    public int High { get; set; } = 50;
    public int Critical { get; set; } = 75;
}

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

/// <summary>How a seller is scored from its profile, verification, listings and reports.</summary>
public sealed class SellerPolicy
{
    public int NewAccountDays { get; set; } = 30;
    public double NewAccount { get; set; } = 10;
    public int VeryNewAccountDays { get; set; } = 7;
    public double VeryNewAccount { get; set; } = 15;

    /// <summary>No passed identity check.</summary>
    public double Unverified { get; set; } = 10;

    public double VerificationFailed { get; set; } = 15;
    public double VerificationFailedCap { get; set; } = 30;
    public double VerificationExpired { get; set; } = 3;

    public double IdentityVerifiedCredit { get; set; } = -8;
    public double BusinessVerifiedCredit { get; set; } = -6;
    public double BankVerifiedCredit { get; set; } = -4;
    public double AddressVerifiedCredit { get; set; } = -3;
    public double VideoVerifiedCredit { get; set; } = -6;

    public int EstablishedAgeDays { get; set; } = 365;
    public int EstablishedMinActiveListings { get; set; } = 20;
    public double EstablishedCredit { get; set; } = -10;

    /// <summary>Share of the trust credits kept once the seller has a removed listing or a confirmed infringement.</summary>
    public double CreditKeptAfterEnforcement { get; set; } = 0.5;

    /// <summary>Share of the riskiest live listing's score that the seller carries.</summary>
    public double TopListingWeight { get; set; } = 0.4;

    public int RiskyListingScore { get; set; } = 50;
    public double RiskyListing { get; set; } = 4;
    public double RiskyListingCap { get; set; } = 20;

    public double RemovedListing { get; set; } = 20;
    public double RemovedListingCap { get; set; } = 60;
    public double RemovalHalfLifeDays { get; set; } = 180;

    public double ConfirmedInfringement { get; set; } = 25;
    public double ConfirmedInfringementCap { get; set; } = 75;
    public double ConfirmedHalfLifeDays { get; set; } = 365;

    public double BuyerReport { get; set; } = 5;
    public double SystemReport { get; set; } = 8;
    public double ReportCap { get; set; } = 25;
    public double ReportHalfLifeDays { get; set; } = 30;

    /// <summary>Each listing of the seller that a brand filed a notice against.</summary>
    public double BrandNotice { get; set; } = 6;
    public double BrandNoticeCap { get; set; } = 30;

    /// <summary>The seller shares a fingerprint with a suspended seller, when only that is known (no <see cref="SellerFacts.Links"/>).</summary>
    public double LinkedToEnforced { get; set; } = 30;

    /// <summary>
    /// A bank account shared with a suspended seller: one operator behind both. Enough on its own
    /// to take a new account to suspend, so that re-registered counterfeiters are caught.
    /// </summary>
    public double LinkBankAccount { get; set; } = 85;

    public double LinkTaxId { get; set; } = 85;

    /// <summary>A device shared with a suspended seller: shared computers happen, so medium.</summary>
    public double LinkDevice { get; set; } = 35;

    /// <summary>An address shared with a suspended seller: buildings, forwarders and prep centers are shared, so weak.</summary>
    public double LinkAddress { get; set; } = 15;

    /// <summary>
    /// A fingerprint shared by at most this many other sellers counts in full; beyond, its weight
    /// shrinks in proportion (a prep-center address shared by 30 sellers counts a tenth), unless most of
    /// those sharing it are suspended.
    /// </summary>
    public int LinkRareSharers { get; set; } = 3;

    public double LinkCap { get; set; } = 90;

    /// <summary>Link points from which the seller counts as enforced, and keeps only part of its trust credits.</summary>
    public double LinkEnforcedFrom { get; set; } = 20;

    /// <summary>
    /// Many branded listings deep below their brand's price (<see cref="ListingSignals.DeepDiscount"/>):
    /// this many points when all the seller's branded listings are, and at least
    /// <see cref="DeepDiscountPatternFull"/> of them; nothing below <see cref="DeepDiscountPatternMin"/>.
    /// A clearance seller's handful among many full-price listings earns a small share.
    /// </summary>
    public double DeepDiscountPattern { get; set; } = 36;

    public int DeepDiscountPatternMin { get; set; } = 3;
    public double DeepDiscountPatternFull { get; set; } = 6;

    /// <summary>
    /// Multiplies <c>deep_discount_pattern</c> while the account is new (younger than <see cref="NewAccountDays"/>)
    /// or back from dormancy (<see cref="DormantReturnDays"/>).
    /// </summary>
    public double NewAccountPatternMultiplier { get; set; } = 1.5;

    /// <summary>
    /// Each listing carrying independent evidence of two kinds or more (deep discount, authorization,
    /// photos, words), from <see cref="CorroboratedListingMin"/> such listings, up to the cap.
    /// </summary>
    public double CorroboratedListing { get; set; } = 6;

    public int CorroboratedListingMin { get; set; } = 2;
    public double CorroboratedListingCap { get; set; } = 30;

    /// <summary>
    /// Most of the seller's listings doubted by the model on their own evidence (live ones with a
    /// carried score of <see cref="SuspectListingScore"/> or more, and removed ones): up to this many
    /// points, by the share of its listings they are, in full from <see cref="SuspectListingsFull"/>
    /// such listings, and nothing unless <see cref="SuspectListingsMin"/> of them are still live.
    /// An honest seller's odd flagged listing among many clean ones earns a sliver; a shop whose
    /// every listing is doubted, each for a different moderate reason, earns the whole.
    /// </summary>
    public double SuspectListings { get; set; } = 20;

    public int SuspectListingScore { get; set; } = 40;
    public int SuspectListingsMin { get; set; } = 2;
    public double SuspectListingsFull { get; set; } = 4;

    /// <summary>
    /// Each listing deep below its brand's price that a reporter reported too
    /// (<see cref="ListingSignals.Reported"/>), from <see cref="ReportedDiscountMin"/> such listings,
    /// up to the cap: different buyers complaining about different cut-price items is the price
    /// pattern corroborated, even when no one listing has reports enough to corroborate its own
    /// discount. Reports on normally priced listings (a brigade against an honest seller) earn nothing here.
    /// </summary>
    public double ReportedDiscount { get; set; } = 8;

    public int ReportedDiscountMin { get; set; } = 2;
    public double ReportedDiscountCap { get; set; } = 24;

    /// <summary>A new account listing many brands at once: points per brand from <see cref="ManyBrandsMin"/> distinct brands, up to the cap.</summary>
    public double ManyBrands { get; set; } = 4;

    public int ManyBrandsMin { get; set; } = 5;
    public double ManyBrandsCap { get; set; } = 15;

    /// <summary>
    /// A gap in an account's listing activity at least this long makes it dormant; listing again
    /// after it is a return (<see cref="SellerFacts.ReturnedAt"/>).
    /// </summary>
    public int DormantAccountDays { get; set; } = 90;

    /// <summary>For this long after its return, what a dormant account lists is read as a burst (<see cref="DormantAccountBurst"/>).</summary>
    public int DormantReturnDays { get; set; } = 30;

    /// <summary>
    /// A dormant account that comes back listing many branded items deep below their brand's
    /// price, or many brands at once: a taken-over or sold account. Up to this many points, by how
    /// strong the burst is (the deep-discount share ramps as <see cref="DeepDiscountPatternMin"/> and
    /// <see cref="DeepDiscountPatternFull"/> say, and counts half when all of one brand; brands count
    /// from <see cref="ManyBrandsMin"/> and in full at twice as many less one; the two add up);
    /// nothing for a return with normally priced goods of a few brands. While the return is recent
    /// <c>deep_discount_pattern</c> is multiplied as on a new account (<see cref="NewAccountPatternMultiplier"/>).
    /// </summary>
    public double DormantAccountBurst { get; set; } = 35;

    /// <summary>A failed Transparency scan reported against the seller without a listing.</summary>
    public double TransparencyFailure { get; set; } = 20;
    public double TransparencyFailureCap { get; set; } = 40;

    /// <summary>Half-life of a listing's score as the seller carries it, from the listing's last change.</summary>
    public double ListingHalfLifeDays { get; set; } = 90;
}
