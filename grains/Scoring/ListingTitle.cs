using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// What a listing's words say, for <see cref="ListingModel"/>: the brands its title names (and
/// whether only as an accessory's fit), and counterfeit vocabulary weighed by that context.
/// </summary>
internal static class ListingTitle
{
    /// <summary>Counterfeit vocabulary, weighed by whether the listing claims or names a brand; true when it is brand evidence.</summary>
    public static bool AddTerms(FactorSheet sheet, ListingFacts facts, string[] words, bool brandContext, ListingPolicy p, PhraseSet counterfeitTerms, double decay)
    {
        var ambiguousSet = p.AmbiguousTermSet;
        var found = TextScan.FindSpans(words, counterfeitTerms);
        if (found.Count > 0)
        {
            var innocent = TextScan.FindSpans(words, p.InnocentPhraseSet);
            var terms = new List<string>(found.Count);
            var best = 0.0;
            var anyUnambiguous = false;
            foreach (var span in found)
            {
                if (innocent.Exists(i => span.Within(i)) || terms.Contains(span.Phrase))
                {
                    continue;
                }

                var ambiguous = ambiguousSet.Contains(span.Phrase);
                anyUnambiguous |= !ambiguous;
                terms.Add(span.Phrase);
                best = Math.Max(best, TermWeight(ambiguous, brandContext, p.CounterfeitTermInTitle, p.AmbiguousTermInTitle, p));
            }

            if (terms.Count > 0)
            {
                sheet.Add("counterfeit_terms", best * decay, $"title says {Quote(terms)}{Context(brandContext, anyUnambiguous)}");
                return brandContext;
            }
        }

        if (facts.DescriptionTerms.Count > 0)
        {
            var best = 0.0;
            var anyUnambiguous = false;
            foreach (var term in facts.DescriptionTerms)
            {
                var ambiguous = ambiguousSet.Contains(TextScan.Normalize(term));
                anyUnambiguous |= !ambiguous;
                best = Math.Max(best, TermWeight(ambiguous, brandContext, p.CounterfeitTermInDescription, p.AmbiguousTermInDescription, p));
            }

            sheet.Add("counterfeit_terms", best * decay, $"description says {Quote(facts.DescriptionTerms)}{Context(brandContext, anyUnambiguous)}");

            // An ambiguous word in a description ("takes 2 AAA batteries") is too common to corroborate anything.
            return brandContext && anyUnambiguous;
        }

        return false;
    }

    private static double TermWeight(bool ambiguous, bool brandContext, double unambiguousWeight, double ambiguousWeight, ListingPolicy p) =>
        (ambiguous, brandContext) switch
        {
            (false, true) => unambiguousWeight,
            (true, true) => ambiguousWeight,
            (false, false) => unambiguousWeight * p.UnbrandedTermShare,
            (true, false) => ambiguousWeight * p.UnbrandedAmbiguousTermShare,
        };

    private static string Context(bool brandContext, bool anyUnambiguous) =>
        brandContext ? string.Empty
        : anyUnambiguous ? " (no brand claimed or named: weighed less)"
        : " (words honest goods also use, and no brand claimed or named: weighed little)";

    /// <summary>What the title says about brands: a foreign brand it names, an accessory's fit, and whether any brand is in play.</summary>
    public static TitleBrands ReadBrands(string[] words, string? claimedBrandId, RegistryIndex registry, ListingPolicy p)
    {
        var spans = TextScan.FindSpans(words, registry.Terms);
        if (spans.Count == 0)
        {
            return new TitleBrands(claimedBrandId is not null, null, null, false);
        }

        var cues = TextScan.FindSpans(words, p.CompatibilityCueSet);
        var window = Math.Max(0, p.CompatibilityCueWindow);
        BrandTerm? mismatch = null;
        BrandTerm? compatible = null;
        var namesBrand = false;
        var ownSeen = false;
        var ownOutsideFit = false;
        foreach (var span in spans)
        {
            var cueAt = cues.FindLastIndex(c => c.End <= span.Start && span.Start - c.End <= window);
            var fits = cueAt >= 0;
            var owners = registry.Owners(span.Phrase);
            if (claimedBrandId is not null && owners.Contains(claimedBrandId))
            {
                // The claimed brand's own term, even where another brand registers it too.
                ownSeen = true;
                ownOutsideFit |= !fits;
                continue;
            }

            var other = owners.FirstOrDefault(o => !string.Equals(o, claimedBrandId, StringComparison.Ordinal));
            if (other is null)
            {
                continue;
            }

            if (fits)
            {
                compatible ??= new BrandTerm(span.Phrase, other, cues[cueAt].Phrase);
            }
            else
            {
                namesBrand = true;
                mismatch ??= new BrandTerm(span.Phrase, other, null);
            }
        }

        return new TitleBrands(claimedBrandId is not null || namesBrand, mismatch, compatible, ownSeen && !ownOutsideFit);
    }

    private static string Quote(IEnumerable<string> terms) => string.Join(", ", terms.Select(t => $"'{t}'"));

    internal sealed record BrandTerm(string Term, string BrandId, string? Cue);

    /// <param name="BrandContext">The listing claims a brand, or its title names one other than as an accessory's fit.</param>
    /// <param name="Mismatch">The first other brand's term the title names outside a fit.</param>
    /// <param name="Compatible">The first other brand's term the title names after a compatibility cue.</param>
    /// <param name="ClaimedOnlyAsFit">The claimed brand's terms occur in the title only after compatibility cues.</param>
    internal sealed record TitleBrands(bool BrandContext, BrandTerm? Mismatch, BrandTerm? Compatible, bool ClaimedOnlyAsFit);
}
