namespace IpGuard.Grains.Scoring;

/// <summary>
/// Weights, thresholds, half-lives and vocabulary of the risk model, bound from configuration
/// section <c>IpGuard:Policy</c>. The defaults here are the shipped policy; every assessment
/// reports <see cref="Version"/>, so change it whenever a number changes.
/// </summary>
public sealed class RiskPolicy
{
    public const string Section = "IpGuard:Policy";

    public string Version { get; set; } = "2026.11-default.1";

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
    /// <summary>At or above this score a listing is flagged for attention.</summary>
    public int FlagThreshold { get; set; } = 40;

    /// <summary>At or above this score a listing is removed proactively.</summary>
    public int RemovalThreshold { get; set; } = 70;

    public double CounterfeitTermInTitle { get; set; } = 35;
    public double CounterfeitTermInDescription { get; set; } = 15;

    /// <summary>Another brand's trademark or protected term in the title of a listing that claims another brand or none.</summary>
    public double BrandTermMismatch { get; set; } = 25;

    /// <summary>A restricted brand listed by a seller the brand has not authorized.</summary>
    public double RestrictedUnauthorized { get; set; } = 30;

    /// <summary>Discount below the brand's reference price where points start; honest sales of 20–30% stay below it.</summary>
    public double PriceDiscountStart { get; set; } = 0.45;

    /// <summary>Discount at which the price factor reaches its maximum.</summary>
    public double PriceDiscountFull { get; set; } = 0.85;

    public double PriceMinPoints { get; set; } = 10;
    public double PriceMaxPoints { get; set; } = 30;

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

    /// <summary>The seller shares a fingerprint with a suspended seller.</summary>
    public double LinkedToEnforced { get; set; } = 30;

    /// <summary>A failed Transparency scan reported against the seller without a listing.</summary>
    public double TransparencyFailure { get; set; } = 20;
    public double TransparencyFailureCap { get; set; } = 40;

    /// <summary>Half-life of a listing's score as the seller carries it, from the listing's last change.</summary>
    public double ListingHalfLifeDays { get; set; } = 90;
}
