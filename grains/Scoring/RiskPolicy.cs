namespace IpGuard.Grains.Scoring;

/// <summary>
/// Weights, thresholds, half-lives and vocabulary of the risk model, bound from configuration
/// section <c>IpGuard:Policy</c>. The defaults here are the shipped policy; every assessment
/// reports <see cref="Version"/>, so change it whenever a number changes.
/// </summary>
public sealed class RiskPolicy
{
    public const string Section = "IpGuard:Policy";

    public string Version { get; set; } = "2026.12-default.5";

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
