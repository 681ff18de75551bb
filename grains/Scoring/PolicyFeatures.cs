using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// The risk model's factors as features for learning their weights. A feature's value is its
/// factor's points divided by the factor's base weight in the policy that scored it: the factor's
/// raw input (decayed report weight, photos counted, the price ramp, links' strength...), the same
/// under any weights. A fitted weight is a new base weight; the factor's other parameters (the
/// related weights, its cap, thresholds on its points) scale with it, so the model keeps its shape
/// and every decision stays explained: the factors' points still add up to the score.
/// </summary>
public static class PolicyFeatures
{
    /// <summary>The listing model's features.</summary>
    public static IReadOnlyList<PolicyFeature> Listing { get; } =
    [
        L("counterfeit_terms", p => p.CounterfeitTermInTitle, (p, r) =>
        {
            p.CounterfeitTermInTitle *= r;
            p.AmbiguousTermInTitle *= r;
            p.CounterfeitTermInDescription *= r;
            p.AmbiguousTermInDescription *= r;
        }),
        L("brand_term_mismatch", p => p.BrandTermMismatch, (p, r) =>
        {
            p.BrandTermMismatch *= r;
            p.BrandTermAfterCompatibilityCue *= r;
        }),
        L(ListingModel.RestrictedBrandUnauthorized, p => p.RestrictedUnauthorized, (p, r) => p.RestrictedUnauthorized *= r),
        L("official_photos_unauthorized", p => p.OfficialPhotosUnauthorized, (p, r) => p.OfficialPhotosUnauthorized *= r),
        L("counterfeit_photos", p => p.CounterfeitPhotos, (p, r) => p.CounterfeitPhotos *= r),
        L("shared_photos", p => p.SharedPhotos, (p, r) => p.SharedPhotos *= r),
        L("stock_photos", p => p.StockPhotos, (p, r) => p.StockPhotos *= r),
        L("price_far_below_reference", p => p.PriceMaxPoints, (p, r) =>
        {
            p.PriceMinPoints *= r;
            p.PriceMaxPoints *= r;
        }),
        L("reports", p => p.BuyerReport, (p, r) =>
        {
            p.BuyerReport *= r;
            p.SystemReport *= r;
            p.ReportCap *= r;
            p.CorroboratingReportPoints *= r;
        }),
        L("brand_notices", p => p.BrandNotice, (p, r) => p.BrandNotice *= r),
        L("transparency_failures", p => p.TransparencyFailure, (p, r) =>
        {
            p.TransparencyFailure *= r;
            p.TransparencyFailureCap *= r;
        }),
        L("discount_corroborated", p => p.DiscountCorroborated, (p, r) =>
        {
            p.DiscountCorroborated *= r;
            p.DiscountCorroboratedEach *= r;
            p.DiscountCorroboratedCap *= r;
        }),
    ];

    /// <summary>The seller model's features; the trust credits are the ones whose weight is negative.</summary>
    public static IReadOnlyList<PolicyFeature> Seller { get; } =
    [
        S("new_account", p => p.VeryNewAccount, (p, r) =>
        {
            p.NewAccount *= r;
            p.VeryNewAccount *= r;
        }),
        S("listing_risk", p => p.TopListingWeight, (p, r) => p.TopListingWeight *= r),
        S("risky_listings", p => p.RiskyListing, (p, r) =>
        {
            p.RiskyListing *= r;
            p.RiskyListingCap *= r;
        }),
        S("removed_listings", p => p.RemovedListing, (p, r) =>
        {
            p.RemovedListing *= r;
            p.RemovedListingCap *= r;
        }),
        S("confirmed_infringements", p => p.ConfirmedInfringement, (p, r) =>
        {
            p.ConfirmedInfringement *= r;
            p.ConfirmedInfringementCap *= r;
        }),
        S("reports", p => p.BuyerReport, (p, r) =>
        {
            p.BuyerReport *= r;
            p.SystemReport *= r;
            p.ReportCap *= r;
        }),
        S("brand_notices", p => p.BrandNotice, (p, r) =>
        {
            p.BrandNotice *= r;
            p.BrandNoticeCap *= r;
        }),
        S("linked_to_enforced", p => p.LinkBankAccount, (p, r) =>
        {
            p.LinkedToEnforced *= r;
            p.LinkBankAccount *= r;
            p.LinkTaxId *= r;
            p.LinkDevice *= r;
            p.LinkAddress *= r;
            p.LinkCap *= r;
            p.LinkEnforcedFrom *= r;
        }),
        S("transparency_failures", p => p.TransparencyFailure, (p, r) =>
        {
            p.TransparencyFailure *= r;
            p.TransparencyFailureCap *= r;
        }),
        S("deep_discount_pattern", p => p.DeepDiscountPattern, (p, r) => p.DeepDiscountPattern *= r),
        S("corroborated_listings", p => p.CorroboratedListing, (p, r) =>
        {
            p.CorroboratedListing *= r;
            p.CorroboratedListingCap *= r;
        }),
        S("suspect_listings", p => p.SuspectListings, (p, r) => p.SuspectListings *= r),
        S("evidence_across_listings", p => p.EvidenceAcrossListings, (p, r) => p.EvidenceAcrossListings *= r),
        S("reported_discounts", p => p.ReportedDiscount, (p, r) =>
        {
            p.ReportedDiscount *= r;
            p.ReportedDiscountCap *= r;
        }),
        S("many_brands", p => p.ManyBrands, (p, r) =>
        {
            p.ManyBrands *= r;
            p.ManyBrandsCap *= r;
        }),
        S("verification_failed", p => p.VerificationFailed, (p, r) =>
        {
            p.VerificationFailed *= r;
            p.VerificationFailedCap *= r;
        }),
        S("verification_expired", p => p.VerificationExpired, (p, r) => p.VerificationExpired *= r, prefix: true),
        S("unverified", p => p.Unverified, (p, r) => p.Unverified *= r),
        S("verified_identity", p => p.IdentityVerifiedCredit, (p, r) => p.IdentityVerifiedCredit *= r, credit: true),
        S("verified_business", p => p.BusinessVerifiedCredit, (p, r) => p.BusinessVerifiedCredit *= r, credit: true),
        S("verified_bank", p => p.BankVerifiedCredit, (p, r) => p.BankVerifiedCredit *= r, credit: true),
        S("verified_address", p => p.AddressVerifiedCredit, (p, r) => p.AddressVerifiedCredit *= r, credit: true),
        S("verified_video", p => p.VideoVerifiedCredit, (p, r) => p.VideoVerifiedCredit *= r, credit: true),
        S("established_seller", p => p.EstablishedCredit, (p, r) => p.EstablishedCredit *= r, credit: true),
    ];

    /// <summary>The features of a subject kind.</summary>
    public static IReadOnlyList<PolicyFeature> Of(OutcomeSubject subject) => subject == OutcomeSubject.Listing ? Listing : Seller;

    /// <summary>
    /// The feature values of an assessment's factors under the policy that scored them. Factors the
    /// policy weighs 0 (nothing to divide by) and the score's cap and floor are left out.
    /// </summary>
    public static Dictionary<string, double> Values(OutcomeSubject subject, IEnumerable<Factor> factors, RiskPolicy policy)
    {
        var features = Of(subject);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var factor in factors)
        {
            var feature = Find(features, factor.Code);
            if (feature is null)
            {
                continue;
            }

            var weight = feature.BaseWeight(policy);
            if (Math.Abs(weight) < 1e-9)
            {
                continue;
            }

            values[feature.Name] = Math.Round(values.GetValueOrDefault(feature.Name) + (factor.Points / weight), 4);
        }

        return values;
    }

    /// <summary>The feature a factor code belongs to, or null (score_cap, score_floor, unknown codes).</summary>
    public static PolicyFeature? Find(IReadOnlyList<PolicyFeature> features, string code)
    {
        foreach (var feature in features)
        {
            if (code == feature.Name || (feature.Prefix && code.StartsWith(feature.Name + "_", StringComparison.Ordinal)))
            {
                return feature;
            }
        }

        return null;
    }

    private static PolicyFeature L(string name, Func<ListingPolicy, double> weight, Action<ListingPolicy, double> scale) =>
        new(name, OutcomeSubject.Listing, p => weight(p.Listing), (p, r) => scale(p.Listing, r), Credit: false, Prefix: false);

    private static PolicyFeature S(string name, Func<SellerPolicy, double> weight, Action<SellerPolicy, double> scale, bool credit = false, bool prefix = false) =>
        new(name, OutcomeSubject.Seller, p => weight(p.Seller), (p, r) => scale(p.Seller, r), credit, prefix);
}

/// <summary>
/// One learnable factor: its base weight in a policy, and how to scale its parameters.
/// A <see cref="Credit"/> lowers the score (its weight is at most 0); a <see cref="Prefix"/> feature
/// sums the factors named <c>{Name}_*</c> (one per verification check).
/// </summary>
public sealed record PolicyFeature(
    string Name,
    OutcomeSubject Subject,
    Func<RiskPolicy, double> BaseWeight,
    Action<RiskPolicy, double> Scale,
    bool Credit,
    bool Prefix);
