using System.Text.Json;
using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using IpGuard.LoadGen.Http;
using IpGuard.LoadGen.Simulation;

namespace IpGuard.Tests.LoadGen;

public sealed class SimulationTests
{
    private static readonly MarketSpec Spec = new(Seed: 7, Sellers: 400, Listings: 3000, Brands: 12, Days: 10, RunId: "t");

    [Fact(DisplayName = "Same seed, same market: population, listings and the whole event stream are identical; another seed differs")]
    public void Reproducible()
    {
        var a = Snapshot(Marketplace.Generate(Spec));
        var b = Snapshot(Marketplace.Generate(Spec));
        var c = Snapshot(Marketplace.Generate(Spec with { Seed = 8 }));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact(DisplayName = "Each seller kind is present in its share of the population, and every re-registering counterfeiter comes back once")]
    public void Proportions()
    {
        var market = Marketplace.Generate(Spec);
        var byKind = market.Sellers.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (kind, share) in SellerKinds.Population)
        {
            Assert.Equal((int)Math.Round(share * Spec.Sellers), byKind[kind]);
        }

        Assert.Equal(byKind[SellerKind.ReregisteringCounterfeiter], byKind[SellerKind.Reregistered]);
        Assert.Equal(Spec.Sellers + byKind[SellerKind.Reregistered], market.Sellers.Count);
        Assert.Equal(market.Sellers.Count, market.Sellers.Select(s => s.SellerId).Distinct().Count());

        // Small markets still hold every kind, and the counts always add up.
        foreach (var sellers in new[] { 8, 20, 33, 101, 999 })
        {
            var counts = SellerKinds.Counts(sellers);
            Assert.Equal(Math.Max(sellers, SellerKinds.MinimumSellers), counts.Sum(c => c.Count));
            Assert.All(counts, c => Assert.True(c.Count >= 1));
        }
    }

    [Fact(DisplayName = "Ground truth: listings are counterfeit exactly when their seller is; a re-registered account shares bank and device with its original")]
    public void Labels()
    {
        var market = Marketplace.Generate(Spec);
        var sellers = market.Sellers.ToDictionary(s => s.SellerId);
        Assert.All(market.Listings, l =>
        {
            Assert.Equal(sellers[l.SellerId].Kind, l.SellerKind);
            Assert.Equal(l.SellerKind.IsCounterfeiter(), l.Counterfeit);
        });

        var comebacks = market.Sellers.Where(s => s.Kind == SellerKind.Reregistered).ToList();
        Assert.NotEmpty(comebacks);
        Assert.All(comebacks, s =>
        {
            var original = sellers[s.ReregistrationOf!];
            Assert.Equal(SellerKind.ReregisteringCounterfeiter, original.Kind);
            Assert.Equal(original.Fingerprints.BankAccountHash, s.Fingerprints.BankAccountHash);
            Assert.Equal(original.Fingerprints.DeviceId, s.Fingerprints.DeviceId);
            Assert.NotEqual(original.Fingerprints.AddressHash, s.Fingerprints.AddressHash);
            // The old account stops listing before the new one arrives.
            Assert.True(market.Listings.Where(l => l.SellerId == original.SellerId).All(l => l.Day < s.ArrivalDay));
            Assert.True(market.Listings.Where(l => l.SellerId == s.SellerId).All(l => l.Day >= s.ArrivalDay));
        });

        // Every seller is honest, grey or a counterfeiter, never two of them.
        Assert.All(market.Sellers, s => Assert.Equal(1, new[] { s.Kind.IsHonest(), s.Kind == SellerKind.GreyMarket, s.Kind.IsCounterfeiter() }.Count(x => x)));
    }

    [Fact(DisplayName = "The stream is causal: a seller registers before its events, and reports, scans and notices follow the listings they name")]
    public void Causal()
    {
        var market = Marketplace.Generate(Spec);
        var registered = new HashSet<string>();
        var listed = new HashSet<string>();
        var previous = (Day: -1, Phase: -1);
        string[] phases = [Marketplace.PhaseIdentity, Marketplace.PhaseListings, Marketplace.PhaseSignals];
        foreach (var step in market.Steps)
        {
            var position = (step.Day, Array.IndexOf(phases, step.Phase));
            Assert.True(position.CompareTo(previous) > 0, "steps run in day and phase order");
            previous = position;
            foreach (var e in step.Events)
            {
                switch (e)
                {
                    case RegisterSeller r:
                        Assert.Equal(Marketplace.PhaseIdentity, step.Phase);
                        registered.Add(r.Seller.SellerId);
                        break;
                    case PostListing l:
                        Assert.Equal(Marketplace.PhaseListings, step.Phase);
                        Assert.Contains(l.Listing.SellerId, registered);
                        listed.Add(l.Listing.ListingId);
                        break;
                    case Verify v:
                        Assert.Contains(v.SellerId, registered);
                        break;
                    case Report r:
                        Assert.Contains(r.ListingId, listed);
                        break;
                    case Scan s:
                        Assert.Contains(s.ListingId, listed);
                        Assert.True((s.CodeIndex is null) != (s.FakeCode is null));
                        break;
                    case Notice n:
                        Assert.All(n.ListingIds, id => Assert.Contains(id, listed));
                        Assert.InRange(n.ListingIds.Count, 1, 300);
                        break;
                }
            }
        }

        Assert.Equal(market.Listings.Count, listed.Count);
        var ids = market.Steps.SelectMany(s => s.Events).Select(e => e.EventId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(market.Steps.SelectMany(s => s.Events).OfType<Scan>().Where(s => s.CodeIndex is not null),
            s => Assert.InRange(s.CodeIndex!.Value, 0, market.CodesNeeded[s.BrandId] - 1));
    }

    [Fact(DisplayName = "Signals: crude fakes say so and score at least 'flagged'; stealthy ones are far below reference yet under removal; honest listings carry no signal")]
    public void ListingSignals()
    {
        var market = Marketplace.Generate(Spec);
        var policy = new RiskPolicy();
        var terms = new PhraseSet(policy.Listing.CounterfeitTerms);
        var registry = new RegistryIndex(1, market.Brands.Select(b => new BrandRegistryEntry(b.BrandId, b.Name, [b.Name], [b.ProtectedTerm],
            b.AuthorizedSellers, new Money(b.ReferencePrice, "USD"), b.Restricted, false)));
        var now = DateTimeOffset.UtcNow;

        RiskAssessment Assess(SimListing l) => ListingModel.Assess(
            new ListingFacts(l.SellerId, l.BrandId, l.Title, TextScan.FindPhrases(l.Description, terms), new Money(l.Price, "USD"), now, []),
            registry, policy, terms, now);
        IReadOnlyList<string> Codes(SimListing l) => [.. Assess(l).Factors.Select(f => f.Code)];

        foreach (var crude in market.Listings.Where(l => l.SellerKind is SellerKind.CrudeCounterfeiter or SellerKind.ReregisteringCounterfeiter))
        {
            Assert.Contains("counterfeit_terms", Codes(crude));
            Assert.True(Assess(crude).Score >= policy.Listing.FlagThreshold, $"{crude.Title} scores {Assess(crude).Score}");
            Assert.True(crude.BrandId is not null ? Codes(crude).Contains("price_far_below_reference") : Codes(crude).Contains("brand_term_mismatch"), crude.Title);
        }

        // Quiet fakes: far below reference with a clean title. On a restricted brand, or with "same as original"
        // in the description, the discount is corroborated and the listing at least flagged; on an open brand with
        // nothing else it looks like a clearance sale and stays active on content alone.
        foreach (var stealthy in market.Listings.Where(l => l.SellerKind is SellerKind.StealthyCounterfeiter or SellerKind.Reregistered))
        {
            Assert.Contains("price_far_below_reference", Codes(stealthy));
            Assert.DoesNotContain("brand_term_mismatch", Codes(stealthy));
            var status = ListingModel.StatusFor(Assess(stealthy), false, policy.Listing);
            var corroborated = market.Brand(stealthy.BrandId!).Restricted || TextScan.FindPhrases(stealthy.Description, terms).Count > 0;
            Assert.True(corroborated ? status != ListingStatus.Active : status == ListingStatus.Active,
                $"{stealthy.Title} ({stealthy.Description}) scores {Assess(stealthy).Score}: {status}");
        }

        foreach (var honest in market.Listings.Where(l => l.SellerKind.IsHonest()))
        {
            Assert.Equal(0, Assess(honest).Score);
        }

        foreach (var grey in market.Listings.Where(l => l.SellerKind == SellerKind.GreyMarket))
        {
            Assert.Equal(["restricted_brand_unauthorized"], Codes(grey));
        }

        // Both ways a crude counterfeiter lists (claiming the brand, or only naming it) occur.
        var crudeListings = market.Listings.Where(l => l.SellerKind == SellerKind.CrudeCounterfeiter).ToList();
        Assert.Contains(crudeListings, l => l.BrandId is null);
        Assert.Contains(crudeListings, l => l.BrandId is not null);
    }

    [Fact(DisplayName = "Detection report: decisions read back are scored against the ground truth (recall, false enforcement, re-registrations, events until enforcement)")]
    public void DetectionScoring()
    {
        var market = Marketplace.Generate(Spec with { Sellers = 40, Listings = 200 });
        var sellers = market.Sellers.ToDictionary(s => s.SellerId, s => s.Kind switch
        {
            SellerKind.CrudeCounterfeiter or SellerKind.ReregisteringCounterfeiter => new SellerReadback("suspend", 90, ["removed_listings"]),
            SellerKind.Reregistered => new SellerReadback("restrict", 70, ["linked_to_enforced"]),
            SellerKind.NewHonest => new SellerReadback("restrict", 66, []),
            _ => new SellerReadback("allow", 5, []),
        });
        var listings = market.Listings.ToDictionary(l => l.ListingId, l => l.SellerKind == SellerKind.CrudeCounterfeiter
            ? new ListingReadback("removed", "proactive")
            : new ListingReadback("active", null));
        var until = market.Sellers.Where(s => s.Kind == SellerKind.CrudeCounterfeiter).Select((s, i) => (s.SellerId, i + 1)).ToDictionary(x => x.SellerId, x => x.Item2);

        var d = DetectionReport.Compute(market, sellers, listings, until);
        var counterfeiters = market.Sellers.Count(s => s.Kind.IsCounterfeiter());
        var stealthy = market.Sellers.Count(s => s.Kind == SellerKind.StealthyCounterfeiter);
        var honest = market.Sellers.Count(s => s.Kind.IsHonest());
        var newHonest = market.Sellers.Count(s => s.Kind == SellerKind.NewHonest);
        var crudeListings = market.Listings.Count(l => l.SellerKind == SellerKind.CrudeCounterfeiter);

        Assert.Equal(Math.Round((double)(counterfeiters - stealthy) / counterfeiters, 4), d.CounterfeitSellerRecall);
        Assert.Equal(Math.Round((double)newHonest / honest, 4), d.HonestFalseEnforcementRate);
        Assert.Equal(Math.Round((double)crudeListings / market.Listings.Count(l => l.Counterfeit), 4), d.ProactiveRemovalRate);
        Assert.Equal(0, d.HonestListingRemovalRate);
        Assert.Equal(1, d.ReregistrationCatchRate);
        Assert.Equal(1, d.ReregistrationLinkedRate);
        Assert.Equal(0, d.GreyMarketEnforcementRate);
        Assert.Equal(counterfeiters, d.CounterfeitSellers);
        Assert.Equal(4, d.EventsUntilEnforcement.Sellers);
        Assert.Equal(2, d.EventsUntilEnforcement.Median);
        Assert.Equal(4, d.EventsUntilEnforcement.Max);
        Assert.Equal(newHonest, d.ByKind["new_honest"].Enforced);
    }

    private static string Snapshot(Marketplace market) => JsonSerializer.Serialize(new
    {
        market.Brands,
        market.Sellers,
        market.Listings,
        market.CodesNeeded,
        Steps = market.Steps.Select(s => new { s.Day, s.Phase, Events = s.Events.ToList() }),
    }, WireJson.Options);
}
