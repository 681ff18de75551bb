using System.Globalization;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// Scores a listing from its content, its brand's registry entry and its reports, and says
/// which status that score earns. Pure: the same facts, policy and clock give the same answer.
/// </summary>
public static class ListingModel
{
    public static RiskAssessment Assess(ListingFacts facts, RegistryIndex registry, RiskPolicy policy, PhraseSet counterfeitTerms, DateTimeOffset now)
    {
        var p = policy.Listing;
        var sheet = new FactorSheet();
        var signalDecay = Decay.Factor(facts.ChangedAt, now, p.SignalHalfLifeDays);

        var titleTerms = TextScan.FindPhrases(facts.Title, counterfeitTerms);
        if (titleTerms.Count > 0)
        {
            sheet.Add("counterfeit_terms", p.CounterfeitTermInTitle * signalDecay, $"title says {Quote(titleTerms)}");
        }
        else if (facts.DescriptionTerms.Count > 0)
        {
            sheet.Add("counterfeit_terms", p.CounterfeitTermInDescription * signalDecay, $"description says {Quote(facts.DescriptionTerms)}");
        }

        var otherBrand = OtherBrandInTitle(facts, registry);
        if (otherBrand is not null)
        {
            sheet.Add("brand_term_mismatch", p.BrandTermMismatch * signalDecay,
                facts.BrandId is null
                    ? $"title names '{otherBrand.Value.Term}' of brand {otherBrand.Value.BrandId} but the listing claims no brand"
                    : $"title names '{otherBrand.Value.Term}' of brand {otherBrand.Value.BrandId} but the listing claims brand {facts.BrandId}");
        }

        var brand = registry.Brand(facts.BrandId);
        if (brand is not null)
        {
            if (brand.Restricted && !registry.IsAuthorized(brand.BrandId, facts.SellerId))
            {
                sheet.Add("restricted_brand_unauthorized", p.RestrictedUnauthorized * signalDecay,
                    $"brand {brand.BrandId} is restricted and seller {facts.SellerId} is not authorized");
            }

            var discount = Discount(facts.Price, brand.ReferencePrice);
            if (discount is { } d && d >= p.PriceDiscountStart)
            {
                var span = Math.Max(p.PriceDiscountFull - p.PriceDiscountStart, 0.0001);
                var share = Math.Clamp((d - p.PriceDiscountStart) / span, 0, 1);
                var points = p.PriceMinPoints + (share * (p.PriceMaxPoints - p.PriceMinPoints));
                sheet.Add("price_far_below_reference", points * signalDecay,
                    string.Create(CultureInfo.InvariantCulture, $"{d * 100:0}% below the reference price {brand.ReferencePrice!.Amount} {brand.ReferencePrice.Currency}"));
            }
        }

        if (facts.Reports.Count > 0)
        {
            var points = 0.0;
            foreach (var report in facts.Reports)
            {
                var basePoints = report.Kind == ReporterKind.System ? p.SystemReport : p.BuyerReport;
                points += basePoints * report.Weight * Decay.Factor(report.At, now, p.ReportHalfLifeDays);
            }

            sheet.Add("reports", Math.Min(points, p.ReportCap), $"{facts.Reports.Count} distinct reporter(s)");
        }

        if (facts.BrandNotices > 0)
        {
            sheet.Add("brand_notices", p.BrandNotice * facts.BrandNotices, $"{facts.BrandNotices} brand notice(s) of infringement");
        }

        if (facts.ScanFailures > 0)
        {
            sheet.Add("transparency_failures", Math.Min(p.TransparencyFailure * facts.ScanFailures, p.TransparencyFailureCap),
                $"{facts.ScanFailures} Transparency scan(s) unknown, cloned or of the wrong brand");
        }

        return sheet.Total(policy.Bands);
    }

    /// <summary>The status a score earns; removal is sticky and withdrawal is the seller's choice.</summary>
    public static ListingStatus StatusFor(int score, bool withdrawn, ListingPolicy policy) =>
        score >= policy.RemovalThreshold ? ListingStatus.Removed
        : withdrawn ? ListingStatus.Withdrawn
        : score >= policy.FlagThreshold ? ListingStatus.Flagged
        : ListingStatus.Active;

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

    private static (string Term, string BrandId)? OtherBrandInTitle(ListingFacts facts, RegistryIndex registry)
    {
        foreach (var term in TextScan.FindPhrases(facts.Title, registry.Terms))
        {
            var owners = registry.Owners(term);
            if (facts.BrandId is not null && owners.Contains(facts.BrandId))
            {
                continue; // the claimed brand's own term, even where another brand registers it too
            }

            foreach (var owner in owners)
            {
                if (!string.Equals(owner, facts.BrandId, StringComparison.Ordinal))
                {
                    return (term, owner);
                }
            }
        }

        return null;
    }

    private static string Quote(IEnumerable<string> terms) => string.Join(", ", terms.Select(t => $"'{t}'"));
}
