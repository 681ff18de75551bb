namespace IpGuard.LoadGen.Simulation;

/// <summary>Scores the service's final decisions against the market's ground truth. Pure.</summary>
internal static class DetectionReport
{
    /// <param name="strictestDecisions">The strictest decision an answer showed for each seller during the run (for the mass-reported sellers).</param>
    public static DetectionResult Compute(
        Marketplace market,
        IReadOnlyDictionary<string, SellerReadback> sellers,
        IReadOnlyDictionary<string, ListingReadback> listings,
        IReadOnlyDictionary<string, int> eventsUntilEnforced,
        IReadOnlyDictionary<string, string>? strictestDecisions = null)
    {
        SellerReadback Seller(string id) => sellers.TryGetValue(id, out var s) ? s : new SellerReadback("unknown", 0, []);
        ListingReadback Listing(string id) => listings.TryGetValue(id, out var l) ? l : new ListingReadback("unknown", null);

        var counterfeitListings = market.Listings.Where(l => l.Counterfeit).ToList();
        var honestListings = market.Listings.Where(l => l.SellerKind.IsHonest()).ToList();
        var counterfeiters = market.Sellers.Where(s => s.Kind.IsCounterfeiter()).ToList();
        var honest = market.Sellers.Where(s => s.Kind.IsHonest()).ToList();
        var grey = market.Sellers.Where(s => s.Kind == SellerKind.GreyMarket).ToList();
        var reregistered = market.Sellers.Where(s => s.Kind == SellerKind.Reregistered).ToList();
        var listingsBySeller = market.Listings.ToLookup(l => l.SellerId, StringComparer.Ordinal);

        var counts = counterfeiters.Where(s => Seller(s.SellerId).Enforced)
            .Select(s => eventsUntilEnforced.TryGetValue(s.SellerId, out var n) ? n : (int?)null)
            .OfType<int>()
            .OrderBy(n => n)
            .ToList();

        var byKind = market.Sellers.GroupBy(s => s.Kind).OrderBy(g => g.Key).ToDictionary(g => g.Key.Name(), g =>
        {
            var views = g.Select(s => Seller(s.SellerId)).ToList();
            var kindListings = market.Listings.Where(l => l.SellerKind == g.Key).Select(l => Listing(l.ListingId)).ToList();
            return new KindDetection(
                views.Count,
                views.Count(v => v.Enforced),
                Math.Round(views.Average(v => v.Score), 1),
                views.GroupBy(v => v.Decision).OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary(d => d.Key, d => d.Count()),
                kindListings.Count,
                kindListings.Count(l => l.Removed),
                kindListings.Count(l => l.RemovedProactively),
                kindListings.Count(l => l.Flagged));
        });

        CohortDetection Cohort(IReadOnlyCollection<string> sellerIds, IReadOnlyCollection<SimListing> cohortListings)
        {
            var views = cohortListings.Select(l => Listing(l.ListingId)).ToList();
            return new CohortDetection(sellerIds.Count, sellerIds.Count(id => Seller(id).Enforced), views.Count,
                views.Count(l => l.Removed), views.Count(l => l.RemovedProactively), views.Count(l => l.Flagged));
        }

        CohortDetection SellerCohort(Func<SimSeller, bool> member)
        {
            var ids = market.Sellers.Where(member).Select(s => s.SellerId).ToList();
            return Cohort(ids, [.. ids.SelectMany(id => listingsBySeller[id])]);
        }

        CohortDetection ListingCohort(Func<SimListing, bool> member)
        {
            var members = market.Listings.Where(member).ToList();
            return Cohort([.. members.Select(l => l.SellerId).Distinct(StringComparer.Ordinal)], members);
        }

        bool Registered(SimListing l) => l.NamedBrandId is { } b && market.Brand(b).RegistersPhotos;
        ReferenceState? Reference(SimListing l) => l.BrandId is { } b ? market.Brand(b).Reference : null;
        var cohorts = new Dictionary<string, CohortDetection>(StringComparer.Ordinal)
        {
            ["ring_counterfeiters"] = SellerCohort(s => s.Ring is not null),
            ["prep_center_honest"] = SellerCohort(s => s.PrepCenter is not null && s.Kind.IsHonest()),
            ["prep_center_counterfeiters"] = SellerCohort(s => s.PrepCenter is not null && s.Kind.IsCounterfeiter()),
            ["honest_registered_official_photos"] = ListingCohort(l => l.SellerKind.IsHonest() && l.Traits.HasFlag(ListingTraits.OfficialPhotos) && Registered(l)),
            ["honest_shared_stock_photos"] = ListingCohort(l => l.SellerKind.IsHonest() && l.Traits.HasFlag(ListingTraits.SharedStockPhotos)),
            ["honest_accessories"] = ListingCohort(l => l.SellerKind.IsHonest() && l.Traits.HasFlag(ListingTraits.Accessory)),
            ["honest_clearance"] = ListingCohort(l => l.SellerKind.IsHonest() && l.Traits.HasFlag(ListingTraits.Clearance)),
            ["honest_counterfeit_vocabulary"] = ListingCohort(l => l.SellerKind.IsHonest() && l.Traits.HasFlag(ListingTraits.CounterfeitVocabulary)),
            ["grey_registered_official_photos"] = ListingCohort(l => l.SellerKind == SellerKind.GreyMarket && l.Traits.HasFlag(ListingTraits.OfficialPhotos) && Registered(l)),
            ["counterfeit_registered_official_photos"] = ListingCohort(l => l.Counterfeit && l.Traits.HasFlag(ListingTraits.OfficialPhotos) && Registered(l)),
            ["counterfeit_ring_photos"] = ListingCohort(l => l.Counterfeit && l.Traits.HasFlag(ListingTraits.RingPhotos)),
            ["counterfeit_mild_discount"] = ListingCohort(l => l.Counterfeit && l.Traits.HasFlag(ListingTraits.MildDiscount)),
            ["reregistered_reused_photos"] = ListingCohort(l => l.Counterfeit && l.Traits.HasFlag(ListingTraits.ReusedPhotos)),
            ["counterfeit_no_reference_price"] = ListingCohort(l => l.Counterfeit && Reference(l) == ReferenceState.Missing),
            ["counterfeit_stale_reference_price"] = ListingCohort(l => l.Counterfeit && Reference(l) == ReferenceState.Stale),
            ["honest_no_reference_price"] = ListingCohort(l => l.SellerKind.IsHonest() && Reference(l) == ReferenceState.Missing),
            ["honest_stale_reference_price"] = ListingCohort(l => l.SellerKind.IsHonest() && Reference(l) == ReferenceState.Stale),
            ["honest_after_dormancy"] = ListingCohort(l => l.SellerKind.IsHonest() && l.Traits.HasFlag(ListingTraits.AfterDormancy)),
            ["counterfeit_after_dormancy"] = ListingCohort(l => l.Counterfeit && l.Traits.HasFlag(ListingTraits.AfterDormancy)),
        };

        var targets = market.MassReported.Select(t =>
        {
            var view = Seller(t.SellerId);
            var strictest = strictestDecisions is not null && strictestDecisions.TryGetValue(t.SellerId, out var s) && DecisionLadder.Stricter(s, view.Decision) ? s : view.Decision;
            var own = listingsBySeller[t.SellerId].Select(l => Listing(l.ListingId)).ToList();
            return new MassReportOutcome(t.SellerId, t.Reporters.Count, t.Reports, view.Decision, view.Score, strictest, own.Count, own.Count(l => l.Removed), own.Count(l => l.Flagged));
        }).ToList();

        return new DetectionResult(
            Rate(counterfeitListings.Count(l => Listing(l.ListingId).RemovedProactively), counterfeitListings.Count),
            Rate(counterfeitListings.Count(l => Listing(l.ListingId).Removed), counterfeitListings.Count),
            Rate(honestListings.Count(l => Listing(l.ListingId).Removed), honestListings.Count),
            Rate(counterfeiters.Count(s => Seller(s.SellerId).Enforced), counterfeiters.Count),
            Rate(honest.Count(s => Seller(s.SellerId).Enforced), honest.Count),
            Rate(grey.Count(s => Seller(s.SellerId).Enforced), grey.Count),
            Rate(reregistered.Count(s => Seller(s.SellerId).Enforced), reregistered.Count),
            Rate(reregistered.Count(s => Seller(s.SellerId).Factors.Contains("linked_to_enforced")), reregistered.Count),
            new EventsUntilEnforcement(
                counts.Count,
                counts.Count == 0 ? 0 : Percentile(counts, 0.5),
                counts.Count == 0 ? 0 : Math.Round(counts.Average(), 2),
                counts.Count == 0 ? 0 : Percentile(counts, 0.9),
                counts.Count == 0 ? 0 : counts[^1]),
            counterfeiters.Count,
            honest.Count,
            counterfeitListings.Count,
            honestListings.Count,
            reregistered.Count,
            byKind,
            Rate(honestListings.Count(l => Listing(l.ListingId).RemovedProactively), honestListings.Count),
            Rate(honestListings.Count(l => Listing(l.ListingId).Flagged), honestListings.Count),
            new MassReportDetection(targets.Count, targets.Count(t => t.StrictestDecision == "suspend"), targets.Count(t => Seller(t.SellerId).Enforced), targets),
            cohorts,
            // What the wrongly enforced honest sellers carry: where false positives come from.
            honest.Where(s => Seller(s.SellerId).Enforced).SelectMany(s => Seller(s.SellerId).Factors)
                .GroupBy(code => code, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Misses(market, Seller, Listing, listingsBySeller));
    }

    /// <summary>Counterfeiters below restrict and honest sellers at review or stricter, lowest-scored counterfeiter first.</summary>
    private static List<SellerMiss> Misses(Marketplace market, Func<string, SellerReadback> seller, Func<string, ListingReadback> listing, ILookup<string, SimListing> listingsBySeller)
    {
        SellerMiss Miss(SimSeller s)
        {
            var view = seller(s.SellerId);
            var own = listingsBySeller[s.SellerId].Select(l => listing(l.ListingId)).ToList();
            var factors = string.Join(", ", view.Factors.Select((code, i) => view.Points is { } p && i < p.Count
                ? $"{code} {p[i].ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}" : code));
            return new SellerMiss(s.SellerId, s.Kind.Name(), view.Decision, view.Score, own.Count, own.Count(l => l.Removed), factors);
        }

        return
        [
            .. market.Sellers.Where(s => s.Kind.IsCounterfeiter() && !seller(s.SellerId).Enforced).Select(Miss).OrderBy(m => m.Score),
            .. market.Sellers.Where(s => s.Kind.IsHonest() && seller(s.SellerId).Decision is "review" or "restrict" or "suspend").Select(Miss).OrderByDescending(m => m.Score),
        ];
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<int> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
