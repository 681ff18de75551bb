using System.Globalization;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// Scores a listing from its content, its photos, its brand's registry entry and its reports,
/// and says which status that score earns. Pure: the same facts, policy and clock give the same answer.
/// </summary>
/// <remarks>
/// Each signal alone stays weak where honest sellers produce it too (a clearance price, an
/// ambiguous word, a brand an accessory fits); a deep discount backed by evidence of another kind
/// earns <c>discount_corroborated</c>, which is what takes quiet counterfeits to removal.
/// </remarks>
public static class ListingModel
{
    /// <summary>The factor that gates a listing at flagged (<see cref="StatusFor(RiskAssessment, bool, ListingPolicy)"/>).</summary>
    public const string RestrictedBrandUnauthorized = "restricted_brand_unauthorized";

    public static RiskAssessment Assess(ListingFacts facts, RegistryIndex registry, RiskPolicy policy, PhraseSet counterfeitTerms, DateTimeOffset now) =>
        Evaluate(facts, registry, policy, counterfeitTerms, now).Assessment;

    /// <summary>The assessment, and the listing's signals for its seller to carry.</summary>
    public static ListingEvaluation Evaluate(ListingFacts facts, RegistryIndex registry, RiskPolicy policy, PhraseSet counterfeitTerms, DateTimeOffset now)
    {
        var p = policy.Listing;
        var sheet = new FactorSheet();
        var signals = ListingSignals.None;
        var signalDecay = Decay.Factor(facts.ChangedAt, now, p.SignalHalfLifeDays);
        var words = TextScan.Words(facts.Title);
        var title = ListingTitle.ReadBrands(words, facts.BrandId, registry, p);
        var claimed = registry.Brand(facts.BrandId);
        if (claimed is not null)
        {
            signals |= ListingSignals.Branded;
        }

        // Kinds of evidence independent of the price, named for the corroboration's detail.
        var kinds = new List<string>(4);

        if (ListingTitle.AddTerms(sheet, facts, words, title.BrandContext, p, counterfeitTerms, signalDecay))
        {
            signals |= ListingSignals.CounterfeitTerms;
            kinds.Add("counterfeit wording");
        }

        if (title.Mismatch is { } mismatch)
        {
            signals |= ListingSignals.BrandTermMismatch;
            if (!kinds.Contains("counterfeit wording"))
            {
                kinds.Add("counterfeit wording");
            }

            sheet.Add("brand_term_mismatch", p.BrandTermMismatch * signalDecay,
                facts.BrandId is null
                    ? $"title names '{mismatch.Term}' of brand {mismatch.BrandId} but the listing claims no brand"
                    : $"title names '{mismatch.Term}' of brand {mismatch.BrandId} but the listing claims brand {facts.BrandId}");
        }
        else if (title.Compatible is { } fit)
        {
            sheet.Add("brand_term_mismatch", p.BrandTermAfterCompatibilityCue * signalDecay,
                $"title names '{fit.Term}' of brand {fit.BrandId} after '{fit.Cue}', as an accessory that fits it");
        }

        var authorized = claimed is not null && registry.IsAuthorized(claimed.BrandId, facts.SellerId);
        if (claimed is { Restricted: true } && !authorized)
        {
            // Not decayed: the seller's authorization is a standing fact, not evidence that ages.
            signals |= ListingSignals.RestrictedUnauthorized;
            kinds.Add("restricted brand");
            sheet.Add(RestrictedBrandUnauthorized, p.RestrictedUnauthorized,
                $"brand {claimed.BrandId} is restricted and seller {facts.SellerId} is not authorized");
        }

        signals |= AddImages(sheet, facts.Images, authorized, p, signalDecay, kinds);

        var deep = AddPrice(sheet, facts, title, claimed, registry, p, signalDecay);
        if (deep)
        {
            signals |= ListingSignals.DeepDiscount;
        }

        if (facts.Reports.Count > 0)
        {
            var points = 0.0;
            foreach (var report in facts.Reports)
            {
                var basePoints = report.Kind == ReporterKind.System ? p.SystemReport : p.BuyerReport;
                points += basePoints * report.Weight * Decay.Factor(report.At, now, p.ReportHalfLifeDays);
            }

            points = Math.Min(points, p.ReportCap);
            if (points > 0)
            {
                signals |= ListingSignals.Reported;
            }

            if (points >= p.CorroboratingReportPoints)
            {
                kinds.Add("reports");
            }

            sheet.Add("reports", points, $"{facts.Reports.Count} distinct reporter(s)");
        }

        if (facts.BrandNotices > 0)
        {
            kinds.Add("brand notices");
            signals |= ListingSignals.Noticed;
            sheet.Add("brand_notices", p.BrandNotice * facts.BrandNotices, $"{facts.BrandNotices} brand notice(s) of infringement");
        }

        if (facts.ScanFailures > 0)
        {
            kinds.Add("Transparency scans");
            signals |= ListingSignals.ScanFailed;
            sheet.Add("transparency_failures", Math.Min(p.TransparencyFailure * facts.ScanFailures, p.TransparencyFailureCap),
                $"{facts.ScanFailures} Transparency scan(s) unknown, cloned or of the wrong brand");
        }

        if (deep && kinds.Count > 0)
        {
            signals |= ListingSignals.DiscountCorroborated;
            var points = Math.Min(p.DiscountCorroborated + (p.DiscountCorroboratedEach * (kinds.Count - 1)), p.DiscountCorroboratedCap);
            sheet.Add("discount_corroborated", points * signalDecay, $"a deep discount together with {string.Join(", ", kinds)}");
        }

        return new ListingEvaluation(sheet.Total(policy.Bands), signals) { PricedAsBrand = facts.BrandId is not null && !title.ClaimedOnlyAsFit };
    }

    /// <summary>The status a score earns; removal is sticky and withdrawal is the seller's choice.</summary>
    public static ListingStatus StatusFor(int score, bool withdrawn, ListingPolicy policy) =>
        score >= policy.RemovalThreshold ? ListingStatus.Removed
        : withdrawn ? ListingStatus.Withdrawn
        : score >= policy.FlagThreshold ? ListingStatus.Flagged
        : ListingStatus.Active;

    /// <summary>
    /// The status an assessment earns: as <see cref="StatusFor(int, bool, ListingPolicy)"/>, and never
    /// active while <c>restricted_brand_unauthorized</c> applies (the factor says why); authorizing
    /// the seller lifts the gate at the next assessment.
    /// </summary>
    public static ListingStatus StatusFor(RiskAssessment assessment, bool withdrawn, ListingPolicy policy)
    {
        var status = StatusFor(assessment.Score, withdrawn, policy);
        return status == ListingStatus.Active && policy.GateRestrictedUnauthorized && IsGated(assessment)
            ? ListingStatus.Flagged
            : status;
    }

    /// <summary>
    /// Why a listing of a restricted seller is taken off sale with it, beyond being flagged: it is
    /// priced a deep discount below its brand's price (<see cref="ListingPolicy.RestrictionRemovesDeepDiscounts"/>); else null.
    /// </summary>
    public static string? FollowsRestriction(ListingSignals signals, ListingPolicy policy) =>
        policy.RestrictionRemovesDeepDiscounts && MayFollowRestriction(signals)
            ? "the listing is priced deep below its brand's price"
            : null;

    /// <summary>
    /// Whether a live listing with these signals may leave sale with its restricted seller under
    /// some policy (<see cref="FollowsRestriction"/>), so that the seller tells it of a restriction;
    /// the listing applies its policy when told.
    /// </summary>
    public static bool MayFollowRestriction(ListingSignals signals) => (signals & ListingSignals.DeepDiscount) != 0;

    /// <summary>How far below the reference price, as a share (0.6 = 60% off); null when not comparable.</summary>
    public static double? Discount(Money price, Money? reference)
    {
        if (reference is null || reference.Amount <= 0
            || !string.Equals(price.Currency, reference.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return (double)((reference.Amount - price.Amount) / reference.Amount);
    }

    private static bool IsGated(RiskAssessment assessment)
    {
        foreach (var factor in assessment.Factors)
        {
            if (factor.Code == RestrictedBrandUnauthorized && factor.Points > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Photos as evidence; official photos of a brand that authorized the seller are its own to use.</summary>
    private static ListingSignals AddImages(FactorSheet sheet, ImageEvidence images, bool authorizedForClaimedBrand, ListingPolicy p, double decay, List<string> kinds)
    {
        var signals = ListingSignals.None;
        var official = authorizedForClaimedBrand ? 0 : images.OfficialPhotosUnauthorized;
        if (official > 0)
        {
            signals |= ListingSignals.OfficialPhotosUnauthorized;
            if (!kinds.Contains("restricted brand"))
            {
                kinds.Add("official photos");
            }

            sheet.Add("official_photos_unauthorized", PhotoPoints(official, p.OfficialPhotosUnauthorized, p) * decay,
                $"{official} of the brand's own photo(s) used by a seller it has not authorized");
        }

        var photoKind = false;
        if (images.CounterfeitPhotos > 0)
        {
            signals |= ListingSignals.CounterfeitPhotos;
            photoKind = true;
            sheet.Add("counterfeit_photos", PhotoPoints(images.CounterfeitPhotos, p.CounterfeitPhotos, p) * decay,
                $"{images.CounterfeitPhotos} photo(s) seen on another seller's listing removed as counterfeit");
        }

        if (images.SharedPhotos > 0)
        {
            signals |= ListingSignals.SharedPhotos;
            photoKind = true;
            sheet.Add("shared_photos", PhotoPoints(images.SharedPhotos, p.SharedPhotos, p) * decay,
                $"{images.SharedPhotos} photo(s) shared with a few unrelated sellers");
        }

        if (images.StockPhotos > 0)
        {
            sheet.Add("stock_photos", PhotoPoints(images.StockPhotos, p.StockPhotos, p) * decay,
                $"{images.StockPhotos} photo(s) shared by many unrelated sellers");
        }

        if (photoKind)
        {
            kinds.Add("photos seen elsewhere");
        }

        return signals;
    }

    private static double PhotoPoints(int count, double weight, ListingPolicy p) =>
        weight * (1 + (p.ExtraPhotoShare * Math.Clamp(count - 1, 0, Math.Max(0, p.ExtraPhotosCounted))));

    /// <summary>
    /// The price against the claimed brand's reference and typical observed price (the smaller
    /// discount counts), or against the reference of a brand the title names; true for a deep discount.
    /// </summary>
    private static bool AddPrice(FactorSheet sheet, ListingFacts facts, ListingTitle.TitleBrands title, BrandRegistryEntry? claimed, RegistryIndex registry, ListingPolicy p, double decay)
    {
        if (title.ClaimedOnlyAsFit)
        {
            return false; // "strap for Lumora watch": an accessory is not priced against the brand's own goods
        }

        var brand = claimed ?? (facts.BrandId is null && title.Mismatch is { } named ? registry.Brand(named.BrandId) : null);
        var reference = brand?.ReferencePrice;
        var fromReference = Discount(facts.Price, reference);

        double? fromObserved = null;
        Money? typical = null;
        var samples = 0;
        if (facts.BrandId is not null && (brand is null || brand == claimed)
            && facts.ObservedPrice is { } observed && observed.Samples >= p.ObservedPriceMinSamples)
        {
            fromObserved = Discount(facts.Price, observed.Typical);
            typical = observed.Typical;
            samples = observed.Samples;
        }

        var discount = (fromReference, fromObserved) switch
        {
            ({ } r, { } o) => Math.Min(r, o),
            ({ } r, null) => r,
            (null, { } o) => o,
            _ => (double?)null,
        };

        if (discount is not { } d)
        {
            return false;
        }

        if (d >= p.PriceDiscountStart)
        {
            var span = Math.Max(p.PriceDiscountFull - p.PriceDiscountStart, 0.0001);
            var share = Math.Clamp((d - p.PriceDiscountStart) / span, 0, 1);
            var points = p.PriceMinPoints + (share * (p.PriceMaxPoints - p.PriceMinPoints));
            var parts = new List<string>(2);
            if (fromReference is { } r)
            {
                parts.Add(Invariant($"{r * 100:0}% below the reference price {reference!.Amount} {reference.Currency}")
                    + (claimed is null ? $" of brand {brand!.BrandId}, which the title names" : string.Empty));
            }

            if (fromObserved is { } o)
            {
                parts.Add(Invariant($"{o * 100:0}% below the typical price {typical!.Amount} {typical.Currency} observed from {samples} sellers of the brand"));
            }

            sheet.Add("price_far_below_reference", points * decay, string.Join(" and ", parts));
        }

        return d >= p.DeepDiscount;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
