namespace IpGuard.LoadGen.Simulation;

/// <summary>Scores the service's final decisions against the market's ground truth. Pure.</summary>
internal static class DetectionReport
{
    public static DetectionResult Compute(
        Marketplace market,
        IReadOnlyDictionary<string, SellerReadback> sellers,
        IReadOnlyDictionary<string, ListingReadback> listings,
        IReadOnlyDictionary<string, int> eventsUntilEnforced)
    {
        SellerReadback Seller(string id) => sellers.TryGetValue(id, out var s) ? s : new SellerReadback("unknown", 0, []);
        ListingReadback Listing(string id) => listings.TryGetValue(id, out var l) ? l : new ListingReadback("unknown", null);

        var counterfeitListings = market.Listings.Where(l => l.Counterfeit).ToList();
        var honestListings = market.Listings.Where(l => l.SellerKind.IsHonest()).ToList();
        var counterfeiters = market.Sellers.Where(s => s.Kind.IsCounterfeiter()).ToList();
        var honest = market.Sellers.Where(s => s.Kind.IsHonest()).ToList();
        var grey = market.Sellers.Where(s => s.Kind == SellerKind.GreyMarket).ToList();
        var reregistered = market.Sellers.Where(s => s.Kind == SellerKind.Reregistered).ToList();

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
                kindListings.Count(l => l.RemovedProactively));
        });

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
            byKind);
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<int> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
