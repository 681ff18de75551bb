using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Grains.Scoring;
using IpGuard.LoadGen.Simulation;

namespace IpGuard.Tests.Scoring;

/// <summary>
/// The pure model alone on the load generator's simulated marketplace (ground truth known): each
/// listing assessed from its content, reports and notices, each seller from its age, checks,
/// listings (with their signals), listings under notice and links to suspended sellers. No photos:
/// the simulation has none.
/// </summary>
public sealed class SimulatedMarketDetectionTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

    [Theory] // counterfeits are removed or flagged and their sellers enforced; honest sellers and listings are left alone
    [InlineData(7)]
    [InlineData(11)]
    public void Detection_on_a_simulated_market(int seed)
    {
        var market = Marketplace.Generate(new MarketSpec(Seed: seed, Sellers: 400, Listings: 3000, Brands: 12, Days: 10, RunId: "d"));
        var (listings, sellers) = Run(market, new RiskPolicy());

        double Share<T>(IEnumerable<T> items, Func<T, bool> predicate)
        {
            var list = items.ToList();
            return list.Count == 0 ? 0 : (double)list.Count(predicate) / list.Count;
        }

        var honestListings = market.Listings.Where(l => l.SellerKind.IsHonest()).ToList();
        var crude = market.Listings.Where(l => l.SellerKind is SellerKind.CrudeCounterfeiter or SellerKind.ReregisteringCounterfeiter).ToList();
        var quiet = market.Listings.Where(l => l.SellerKind is SellerKind.StealthyCounterfeiter or SellerKind.Reregistered).ToList();
        var grey = market.Listings.Where(l => l.SellerKind == SellerKind.GreyMarket).ToList();

        // The market's honest confounders (clearance sales, accessories, generic goods with fake-goods
        // words) may flag a listing now and then; none is removed.
        AssertShare(Share(honestListings, l => listings[l.ListingId] is not (ListingStatus.Active or ListingStatus.Withdrawn)), "<=", 0.01, "honest listings flagged");
        Assert.Equal(0, Share(honestListings, l => listings[l.ListingId] == ListingStatus.Removed));
        Assert.All(grey, l => Assert.Equal(ListingStatus.Flagged, listings[l.ListingId]));
        AssertShare(Share(crude, l => listings[l.ListingId] == ListingStatus.Removed), ">=", 0.95, "crude listings removed");
        AssertShare(Share(quiet, l => listings[l.ListingId] != ListingStatus.Active), ">=", 0.80, "stealthy listings flagged or removed");
        AssertShare(Share(quiet, l => listings[l.ListingId] == ListingStatus.Removed), ">=", 0.35, "stealthy listings removed");

        AssertShare(Share(market.Sellers.Where(s => s.Kind.IsHonest()), s => sellers[s.SellerId] >= Decision.Restrict), "<=", 0.005, "honest sellers enforced");
        // From content, reports, notices and links only (no photos): the market's verified
        // counterfeiters on mild discounts are what this leaves for the image evidence.
        var byKind = string.Join(", ", market.Sellers.Where(s => s.Kind.IsCounterfeiter()).GroupBy(s => s.Kind)
            .Select(g => $"{g.Key.Name()} {g.Count(s => sellers[s.SellerId] >= Decision.Restrict)}/{g.Count()}"));
        AssertShare(Share(market.Sellers.Where(s => s.Kind.IsCounterfeiter()), s => sellers[s.SellerId] >= Decision.Restrict), ">=", 0.85, $"counterfeit sellers enforced ({byKind})");
        AssertShare(Share(market.Sellers.Where(s => s.Kind == SellerKind.StealthyCounterfeiter), s => sellers[s.SellerId] == Decision.Suspend), ">=", 0.90, "stealthy sellers suspended");
        AssertShare(Share(market.Sellers.Where(s => s.Kind == SellerKind.Reregistered), s => sellers[s.SellerId] == Decision.Suspend), ">=", 0.90, "re-registered accounts suspended");
    }

    private static void AssertShare(double share, string op, double bound, string what) =>
        Assert.True(op == ">=" ? share >= bound : share <= bound, $"{what}: {share:P1}, expected {op} {bound:P1}");

    private static (Dictionary<string, ListingStatus> Listings, Dictionary<string, Decision> Sellers) Run(Marketplace market, RiskPolicy policy)
    {
        var terms = new PhraseSet(policy.Listing.CounterfeitTerms);
        var registry = new RegistryIndex(1, market.Brands.Select(b => new BrandRegistryEntry(b.BrandId, b.Name, [b.Name], [b.ProtectedTerm],
            b.AuthorizedSellers, b.RegisteredReferencePrice is { } reference ? new Money(reference, "USD") : null, b.Restricted, false)));
        DateTimeOffset DayAt(int day) => End - TimeSpan.FromDays(market.Days - day);

        var events = market.Steps.SelectMany(s => s.Events.Select(e => (s.Day, Event: e))).ToList();
        var reports = events.Where(x => x.Event is Report { ListingId: not null }).Select(x => (x.Day, Report: (Report)x.Event))
            .GroupBy(x => x.Report.ListingId!)
            .ToDictionary(g => g.Key, g => g.GroupBy(x => x.Report.ReporterId)
                .Select(r => new ReportFact(r.First().Report.ReporterKind == "system" ? ReporterKind.System : ReporterKind.Buyer,
                    policy.Enforcement.NewReporterWeight, DayAt(r.First().Day)))
                .ToList());
        // The seller carries every distinct reporter of itself or its listings, as the seller grain does.
        var sellerReports = events.Where(x => x.Event is Report).Select(x => (x.Day, Report: (Report)x.Event))
            .GroupBy(x => x.Report.SellerId)
            .ToDictionary(g => g.Key, g => g.GroupBy(x => x.Report.ReporterId)
                .Select(r => new ReportFact(r.First().Report.ReporterKind == "system" ? ReporterKind.System : ReporterKind.Buyer,
                    policy.Enforcement.NewReporterWeight, DayAt(r.First().Day)))
                .ToList());
        var notices = events.Where(x => x.Event is Notice).SelectMany(x => ((Notice)x.Event).ListingIds).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());

        // Listings in the order they arrive, each priced against what the brand's market showed so far, as a silo does.
        var prices = new ObservedPriceBook(4096, 64, 1);
        DateTimeOffset ListedAt(SimListing l) => DayAt(l.Day) - TimeSpan.FromDays(l.DaysBeforeStart);
        var statuses = new Dictionary<string, ListingStatus>();
        var carried = new Dictionary<string, List<ListingRiskFact>>();
        foreach (var l in market.Listings.OrderBy(l => l.Day))
        {
            var price = new Money(l.Price, "USD");
            var facts = new ListingFacts(l.SellerId, l.BrandId, l.Title, TextScan.FindPhrases(l.Description, terms), price,
                ListedAt(l), reports.GetValueOrDefault(l.ListingId) ?? [], notices.GetValueOrDefault(l.ListingId), ObservedPrice: prices.Typical(l.BrandId, "USD"));
            var evaluation = ListingModel.Evaluate(facts, registry, policy, terms, End);
            var (assessment, signals) = evaluation;
            var status = ListingModel.StatusFor(assessment, l.Withdrawn, policy.Listing);
            if (evaluation.PricedAsBrand && status == ListingStatus.Active && assessment.Score < policy.Listing.FlagThreshold)
            {
                prices.Learn(l.BrandId!, l.SellerId, price, registry.Brand(l.BrandId)?.ReferencePrice, policy.Listing);
            }

            statuses[l.ListingId] = status;
            (carried.TryGetValue(l.SellerId, out var list) ? list : carried[l.SellerId] = []).Add(
                new ListingRiskFact(status, assessment.Score, status == ListingStatus.Removed ? RemovedBy.Proactive : null, ListedAt(l), signals, l.BrandId));
        }

        // The last gap in a seller's listing activity long enough to make it dormant, as the seller grain notes it.
        (DateTimeOffset? Since, DateTimeOffset? Back) Dormancy(string sellerId)
        {
            var times = (carried.GetValueOrDefault(sellerId) ?? []).Select(f => f.At).Order().ToList();
            (DateTimeOffset?, DateTimeOffset?) found = (null, null);
            for (var i = 1; i < times.Count; i++)
            {
                if ((times[i] - times[i - 1]).TotalDays >= policy.Seller.DormantAccountDays)
                {
                    found = (times[i - 1], times[i]);
                }
            }

            return found;
        }

        var checks = events.Where(x => x.Event is Verify).Select(x => (Verify)x.Event).GroupBy(v => v.SellerId)
            .ToDictionary(g => g.Key, g => g.ToDictionary(
                v => Enum.Parse<VerificationCheck>(v.Check, ignoreCase: true),
                v => new VerificationStatus(Enum.Parse<VerificationOutcome>(v.Outcome, ignoreCase: true), End)));

        // Originals first: a re-registered account is linked once its original is suspended.
        var decisions = new Dictionary<string, Decision>();
        foreach (var s in market.Sellers.OrderBy(s => s.ReregistrationOf is null ? 0 : 1))
        {
            FingerprintLink[] links = s.ReregistrationOf is { } original && decisions[original] == Decision.Suspend
                ? [new FingerprintLink(FingerprintKind.BankAccount, 1, 1), new FingerprintLink(FingerprintKind.Device, 1, 1)]
                : [];
            var registered = DayAt(s.ArrivalDay) - TimeSpan.FromDays(s.AccountAgeDays);
            var noticed = market.Listings.Count(l => l.SellerId == s.SellerId && notices.ContainsKey(l.ListingId));
            var (since, back) = Dormancy(s.SellerId);
            var facts = new SellerFacts(registered, registered, checks.GetValueOrDefault(s.SellerId) ?? [],
                carried.GetValueOrDefault(s.SellerId) ?? [], sellerReports.GetValueOrDefault(s.SellerId) ?? [], [], NoticedListings: noticed, Links: links, DormantSince: since, ReturnedAt: back);
            decisions[s.SellerId] = Decisions.For(SellerModel.Assess(facts, policy, End).Score, policy.Decisions);
        }

        return (statuses, decisions);
    }
}
