namespace IpGuard.Grains.Scoring;

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
    /// this many points when all the seller's branded listings are (the share counts to the power
    /// <see cref="DeepDiscountShareExponent"/>), and at least
    /// <see cref="DeepDiscountPatternFull"/> of them; nothing below <see cref="DeepDiscountPatternMin"/>.
    /// A clearance seller's handful among many full-price listings earns a small share.
    /// </summary>
    public double DeepDiscountPattern { get; set; } = 48;

    public int DeepDiscountPatternMin { get; set; } = 3;
    public double DeepDiscountPatternFull { get; set; } = 4;

    /// <summary>
    /// The power the deep-discount share is raised to in <c>deep_discount_pattern</c>: with 2, a
    /// seller whose every branded listing is deep earns the whole, one with a third of them (an
    /// honest shop's clearance corner) a ninth.
    /// </summary>
    public double DeepDiscountShareExponent { get; set; } = 2;

    /// <summary>
    /// From this strength of <c>deep_discount_pattern</c> (its share of <see cref="DeepDiscountPattern"/>:
    /// nearly every branded listing deep, and enough of them), the seller keeps only
    /// <see cref="CreditKeptAfterEnforcement"/> of its trust credits: verification says who sells,
    /// not what. 0 turns it off.
    /// </summary>
    public double DeepPatternShrinksCreditsFrom { get; set; } = 0.75;

    /// <summary>
    /// Multiplies <c>deep_discount_pattern</c> while the account is new (younger than <see cref="NewAccountDays"/>)
    /// or back from dormancy (<see cref="DormantReturnDays"/>).
    /// </summary>
    public double NewAccountPatternMultiplier { get; set; } = 1.25;

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

    /// <summary>
    /// Evidence of several independent kinds spread over the seller's listings (authorization,
    /// photos of removed counterfeits, wording, deep discounts, brand notices, Transparency scans):
    /// up to this many points, by the share of its listings that carry any, from
    /// <see cref="EvidenceKindsMin"/> kinds and in full at <see cref="EvidenceKindsFull"/>, once
    /// <see cref="EvidenceListingsMin"/> listings carry some. While it applies, the seller keeps
    /// only <see cref="CreditKeptAfterEnforcement"/> of its trust credits. 0 turns it off.
    /// </summary>
    public double EvidenceAcrossListings { get; set; } = 36;

    public int EvidenceKindsMin { get; set; } = 3;
    public int EvidenceKindsFull { get; set; } = 4;
    public int EvidenceListingsMin { get; set; } = 2;

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
