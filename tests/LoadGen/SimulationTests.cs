using System.Text.Json;
using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using IpGuard.LoadGen;
using IpGuard.LoadGen.Http;
using IpGuard.LoadGen.Measurement;
using IpGuard.LoadGen.Output;
using IpGuard.LoadGen.Scenarios;
using IpGuard.LoadGen.Simulation;

namespace IpGuard.Tests.LoadGen;

public sealed class SimulationTests
{
    private static readonly MarketSpec Spec = new(Seed: 7, Sellers: 400, Listings: 3000, Brands: 12, Days: 10, RunId: "t");

    [Theory(DisplayName = "Same seed and mix, same market: population, photos, listings, mass reports and the whole event stream are identical; another seed differs")]
    [InlineData("default")]
    [InlineData("stealthy")]
    [InlineData("crude")]
    [InlineData("confounded")]
    public void Reproducible(string name)
    {
        var mix = SellerKinds.ParseMix(name);
        var a = Snapshot(Marketplace.Generate(Spec with { Mix = mix }));
        var b = Snapshot(Marketplace.Generate(Spec with { Mix = mix }));
        var c = Snapshot(Marketplace.Generate(Spec with { Mix = mix, Seed = 8 }));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact(DisplayName = "Each seller kind is present in its share of the population, and every re-registering counterfeiter comes back once")]
    public void Proportions()
    {
        var market = Marketplace.Generate(Spec);
        var byKind = market.Sellers.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (kind, share) in SellerKinds.Population())
        {
            Assert.Equal((int)Math.Round(share * Spec.Sellers), byKind[kind]);
        }

        Assert.Equal(byKind[SellerKind.ReregisteringCounterfeiter], byKind[SellerKind.Reregistered]);

        // On top: the sellers of the two market-priced brands, and the dormant accounts.
        Assert.Equal(2 * 25, byKind[SellerKind.MarketPricedHonest]);
        Assert.Equal(2 * 6, byKind[SellerKind.MarketPricedCounterfeiter]);
        Assert.Equal(8, byKind[SellerKind.DormantTakeover]);
        Assert.Equal(12, byKind[SellerKind.ReturningHonest]);
        Assert.Equal(Spec.Sellers + byKind[SellerKind.Reregistered] + 50 + 12 + 8 + 12, market.Sellers.Count);
        Assert.Equal(market.Sellers.Count, market.Sellers.Select(s => s.SellerId).Distinct().Count());

        // Small markets still hold every kind, and the counts always add up.
        foreach (var mix in Enum.GetValues<MarketMix>())
        {
            Assert.Equal(1.0, SellerKinds.Population(mix).Sum(p => p.Share), 6);
            foreach (var sellers in new[] { 8, 20, 33, 101, 999 })
            {
                var counts = SellerKinds.Counts(sellers, mix);
                Assert.Equal(Math.Max(sellers, SellerKinds.MinimumSellers), counts.Sum(c => c.Count));
                Assert.All(counts, c => Assert.True(c.Count >= 1, $"{mix} {sellers}: no {c.Kind}"));
            }
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
            // A taken-over account's earlier listings are its previous owner's genuine goods.
            Assert.Equal(l.SellerKind.IsCounterfeiter() && !l.Traits.HasFlag(ListingTraits.BeforeDormancy), l.Counterfeit);
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
                    case Report { ListingId: { } reported }:
                        Assert.Contains(reported, listed);
                        break;
                    case Report r:
                        Assert.Contains(r.SellerId, registered);
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

    [Fact(DisplayName = "Signals: crude fakes say so and score at least 'flagged'; stealthy ones are far below reference yet under removal; verified ones carry no content signal on mild discounts; plain honest listings carry none")]
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

        foreach (var verified in market.Listings.Where(l => l.SellerKind == SellerKind.VerifiedCounterfeiter))
        {
            Assert.DoesNotContain("counterfeit_terms", Codes(verified));
            Assert.DoesNotContain("brand_term_mismatch", Codes(verified));
            // A deep discount is always priced; a mild one (30-45% off) only past the policy's start.
            Assert.True(verified.Traits.HasFlag(ListingTraits.MildDiscount) || Codes(verified).Contains("price_far_below_reference"), verified.Title);
        }

        // Honest listings without a confounder carry no content signal; the confounders are the point of the others.
        const ListingTraits confounders = ListingTraits.Accessory | ListingTraits.Clearance | ListingTraits.CounterfeitVocabulary;
        foreach (var honest in market.Listings.Where(l => l.SellerKind.IsHonest() && (l.Traits & confounders) == 0))
        {
            Assert.Equal(0, Assess(honest).Score);
        }

        // Accessories name the brand they fit after a compatibility cue: no mismatch.
        Assert.All(market.Listings.Where(l => l.Traits.HasFlag(ListingTraits.Accessory)), a => Assert.DoesNotContain("brand_term_mismatch", Codes(a)));

        foreach (var grey in market.Listings.Where(l => l.SellerKind == SellerKind.GreyMarket))
        {
            Assert.Equal(["restricted_brand_unauthorized"], Codes(grey));
        }

        // Both ways a crude counterfeiter lists (claiming the brand, or only naming it) occur.
        var crudeListings = market.Listings.Where(l => l.SellerKind == SellerKind.CrudeCounterfeiter).ToList();
        Assert.Contains(crudeListings, l => l.BrandId is null);
        Assert.Contains(crudeListings, l => l.BrandId is not null);
    }

    [Fact(DisplayName = "Mixes: the stealthy mix has more quiet counterfeiters and fewer crude ones than the default, the crude mix the reverse; the honest part stays")]
    public void Mixes()
    {
        var markets = Enum.GetValues<MarketMix>().ToDictionary(m => m, m => Marketplace.Generate(Spec with { Mix = m }));
        int Count(MarketMix mix, SellerKind kind) => markets[mix].Sellers.Count(s => s.Kind == kind);
        int Quiet(MarketMix mix) => Count(mix, SellerKind.StealthyCounterfeiter) + Count(mix, SellerKind.VerifiedCounterfeiter);

        Assert.True(Quiet(MarketMix.Stealthy) >= 1.5 * Quiet(MarketMix.Default), "stealthy mix: more quiet fakes");
        Assert.True(Quiet(MarketMix.Crude) < Quiet(MarketMix.Default));
        Assert.True(Count(MarketMix.Crude, SellerKind.CrudeCounterfeiter) > Count(MarketMix.Default, SellerKind.CrudeCounterfeiter));
        Assert.True(Count(MarketMix.Stealthy, SellerKind.CrudeCounterfeiter) < Count(MarketMix.Default, SellerKind.CrudeCounterfeiter));
        Assert.True(Count(MarketMix.Confounded, SellerKind.AccessorySeller) > Count(MarketMix.Default, SellerKind.AccessorySeller));
        foreach (var mix in new[] { MarketMix.Stealthy, MarketMix.Crude })
        {
            Assert.Equal(Count(MarketMix.Default, SellerKind.VerifiedHonest), Count(mix, SellerKind.VerifiedHonest));
            Assert.Equal(Count(MarketMix.Default, SellerKind.GreyMarket), Count(mix, SellerKind.GreyMarket));
        }

        Assert.Equal(MarketMix.Stealthy, CommandLine.Parse(["market", "--mix", "stealthy"]).Mix);
        Assert.Equal(MarketMix.Default, CommandLine.Parse(["market"]).Mix);
        Assert.Throws<UsageException>(() => CommandLine.Parse(["market", "--mix", "noisy"]));
        Assert.Equal(["default", "stealthy", "crude", "confounded"], Enum.GetValues<MarketMix>().Select(m => m.Name()));
    }

    [Fact(DisplayName = "Photos: 1–4 per listing; resellers, honest sellers and counterfeiters use official photos; some brands do not register theirs; most honest photos are the seller's own")]
    public void Photos()
    {
        var market = Marketplace.Generate(Spec);
        var official = market.Brands.SelectMany(b => b.OfficialImageHashes.Select(h => (Hash: h, b.BrandId))).ToDictionary(x => x.Hash, x => x.BrandId);
        Assert.All(market.Listings, l => Assert.InRange(l.ImageHashes.Count, 1, 4));
        Assert.All(market.Listings, l => Assert.Equal(l.ImageHashes.Count, l.ImageHashes.Distinct().Count()));

        // The trait says the truth: an official photo is the named brand's own.
        Assert.All(market.Listings, l => Assert.Equal(l.Traits.HasFlag(ListingTraits.OfficialPhotos), l.ImageHashes.Any(h => official.TryGetValue(h, out var b) && b == l.NamedBrandId)));

        double Share(Func<SimListing, bool> which) => market.Listings.Where(which).Average(l => l.Traits.HasFlag(ListingTraits.OfficialPhotos) ? 1.0 : 0.0);
        Assert.InRange(Share(l => l.SellerKind == SellerKind.AuthorizedReseller), 0.45, 0.85);
        Assert.InRange(Share(l => l.SellerKind == SellerKind.VerifiedHonest && l.BrandId is not null), 0.12, 0.40);
        Assert.InRange(Share(l => l.SellerKind == SellerKind.GreyMarket), 0.3, 0.7);
        Assert.InRange(Share(l => l.SellerKind == SellerKind.CrudeCounterfeiter), 0.35, 0.75);
        Assert.InRange(Share(l => l.SellerKind == SellerKind.VerifiedCounterfeiter), 0.55, 0.9);

        // Some brands register their photos and some do not.
        Assert.Contains(market.Brands, b => b.RegistersPhotos);
        Assert.Contains(market.Brands, b => !b.RegistersPhotos);
        Assert.All(market.Brands, b => Assert.InRange(b.OfficialImageHashes.Count, 6, 10));

        // Most honest listings have only photos no other seller uses.
        var sellersByPhoto = market.Listings.SelectMany(l => l.ImageHashes.Select(h => (h, l.SellerId))).GroupBy(x => x.h).ToDictionary(g => g.Key, g => g.Select(x => x.SellerId).Distinct().Count());
        var honest = market.Listings.Where(l => l.SellerKind.IsHonest()).ToList();
        Assert.InRange(honest.Count(l => l.ImageHashes.All(h => sellersByPhoto[h] == 1)) / (double)honest.Count, 0.6, 0.95);

        // Stock photos are shared by many unrelated honest sellers.
        var stock = market.Listings.Where(l => l.SellerKind.IsHonest() && l.Traits.HasFlag(ListingTraits.SharedStockPhotos)).ToList();
        Assert.True(stock.Select(l => l.SellerId).Distinct().Count() >= 20, "stock photos across many sellers");
        Assert.All(stock, l => Assert.Null(l.BrandId));
    }

    [Fact(DisplayName = "Rings: 3–6 counterfeit sellers share their own photos, used by no one outside the ring; re-registered accounts reuse their original's photos")]
    public void Rings()
    {
        var market = Marketplace.Generate(Spec);
        var official = market.Brands.SelectMany(b => b.OfficialImageHashes).ToHashSet();
        var rings = market.Sellers.Where(s => s.Ring is not null).GroupBy(s => s.Ring!.Value).ToList();
        Assert.True(rings.Count >= 3, $"{rings.Count} rings");
        foreach (var ring in rings)
        {
            Assert.InRange(ring.Count(), 3, 6);
            Assert.All(ring, s => Assert.True(s.Kind.IsCounterfeiter()));
            var members = ring.Select(s => s.SellerId).ToHashSet();
            var ringPhotos = market.Listings.Where(l => members.Contains(l.SellerId) && l.Traits.HasFlag(ListingTraits.RingPhotos)).ToList();
            var shared = ringPhotos.SelectMany(l => l.ImageHashes.Where(h => !official.Contains(h)).Select(h => (h, l.SellerId))).GroupBy(x => x.h)
                .Where(g => g.Select(x => x.SellerId).Distinct().Count() >= 2).Select(g => g.Key).ToHashSet();
            Assert.NotEmpty(shared);
            Assert.DoesNotContain(market.Listings, l => !members.Contains(l.SellerId) && l.ImageHashes.Any(shared.Contains));
        }

        var reused = market.Listings.Where(l => l.Traits.HasFlag(ListingTraits.ReusedPhotos)).ToList();
        Assert.NotEmpty(reused);
        var sellers = market.Sellers.ToDictionary(s => s.SellerId);
        Assert.All(reused, l =>
        {
            var original = sellers[l.SellerId].ReregistrationOf!;
            Assert.Contains(market.Listings, o => o.SellerId == original && o.ImageHashes.Intersect(l.ImageHashes).Any());
        });
    }

    [Fact(DisplayName = "Prep center: dozens of honest sellers and a few counterfeiters share one address; verified counterfeiters are aged, identity- and bank-verified, with clean titles and honest sellers' descriptions")]
    public void PrepCenterAndVerifiedCounterfeiters()
    {
        var market = Marketplace.Generate(Spec);
        var center = market.Sellers.Where(s => s.PrepCenter == 0).ToList();
        Assert.True(center.Count(s => s.Kind.IsHonest()) >= 20, $"{center.Count(s => s.Kind.IsHonest())} honest sellers at the prep center");
        Assert.Contains(center, s => s.Kind.IsCounterfeiter());
        Assert.Single(center.Select(s => s.Fingerprints.AddressHash).Distinct());
        Assert.DoesNotContain(market.Sellers, s => s.PrepCenter is null && s.Fingerprints.AddressHash == center[0].Fingerprints.AddressHash);

        var verified = market.Sellers.Where(s => s.Kind == SellerKind.VerifiedCounterfeiter).ToList();
        Assert.NotEmpty(verified);
        var checks = market.Steps.SelectMany(s => s.Events).OfType<Verify>().Where(v => v.Outcome == "passed").ToLookup(v => v.SellerId, v => v.Check);
        Assert.All(verified, s =>
        {
            Assert.True(s.AccountAgeDays >= 365, $"{s.SellerId} is {s.AccountAgeDays} days old");
            Assert.Contains("identity", checks[s.SellerId]);
            Assert.Contains("bank", checks[s.SellerId]);
        });
        var theirs = market.Listings.Where(l => l.SellerKind == SellerKind.VerifiedCounterfeiter).ToList();
        Assert.All(theirs, l => Assert.DoesNotContain(Marketplace.CrudeTerms, t => l.Title.Contains(t, StringComparison.OrdinalIgnoreCase)));
        // Their descriptions are those honest sellers write.
        Assert.Subset(market.Listings.Where(l => l.SellerKind.IsHonest()).Select(l => l.Description).ToHashSet(), theirs.Select(l => l.Description).ToHashSet());
        var mild = theirs.Where(l => l.Traits.HasFlag(ListingTraits.MildDiscount)).ToList();
        Assert.InRange(mild.Count / (double)theirs.Count, 0.3, 0.7);
        Assert.All(mild, l => Assert.InRange(1 - (l.Price / market.Brand(l.BrandId!).ReferencePrice), 0.295m, 0.455m));
    }

    [Fact(DisplayName = "Confounders: honest accessories name a brand and claim none, clearance sales are 40–60% off unrestricted brands, a few generic titles use counterfeit vocabulary")]
    public void Confounders()
    {
        var market = Marketplace.Generate(Spec);
        var accessories = market.Listings.Where(l => l.Traits.HasFlag(ListingTraits.Accessory)).ToList();
        Assert.True(accessories.Count >= 50, $"{accessories.Count} accessories");
        Assert.All(accessories, l =>
        {
            Assert.True(l.SellerKind.IsHonest());
            Assert.Null(l.BrandId);
            Assert.Contains(market.Brand(l.NamedBrandId!).Name, l.Title, StringComparison.Ordinal);
            Assert.True(l.Price < 40);
        });
        Assert.Contains(accessories, l => l.SellerKind == SellerKind.AccessorySeller);
        Assert.Contains(accessories, l => l.SellerKind != SellerKind.AccessorySeller);

        var clearance = market.Listings.Where(l => l.Traits.HasFlag(ListingTraits.Clearance)).ToList();
        Assert.True(clearance.Count >= 20, $"{clearance.Count} clearance listings");
        Assert.All(clearance, l =>
        {
            Assert.True(l.SellerKind.IsHonest() && !l.Counterfeit);
            Assert.Contains("clearance", l.Title, StringComparison.Ordinal);
            Assert.False(market.Brand(l.BrandId!).Restricted);
            Assert.InRange(1 - (l.Price / market.Brand(l.BrandId!).ReferencePrice), 0.395m, 0.605m);
        });

        var vocabulary = market.Listings.Where(l => l.Traits.HasFlag(ListingTraits.CounterfeitVocabulary)).ToList();
        Assert.NotEmpty(vocabulary);
        Assert.True(vocabulary.Count < market.Listings.Count(l => l.SellerKind.IsHonest()) * 0.05, "only a few");
        Assert.All(vocabulary, l => Assert.True(l.SellerKind.IsHonest() && l.BrandId is null && Marketplace.VocabularyTitles.Contains(l.Title)));
    }

    [Fact(DisplayName = "Malicious reporters: at least 10 fresh accounts, named as buyers are, mass-report an honest verified seller with false reports, against it and its listings only")]
    public void MassReporting()
    {
        var market = Marketplace.Generate(Spec);
        Assert.Equal(2, market.MassReported.Count);
        var reports = market.Steps.SelectMany(s => s.Events).OfType<Report>().ToList();
        var sellers = market.Sellers.ToDictionary(s => s.SellerId);
        foreach (var target in market.MassReported)
        {
            Assert.Equal(SellerKind.VerifiedHonest, sellers[target.SellerId].Kind);
            var rogues = target.Reporters.ToHashSet();
            var against = reports.Where(r => rogues.Contains(r.ReporterId) && r.SellerId == target.SellerId).ToList();
            Assert.True(rogues.Count >= 10);
            Assert.Equal(rogues, against.Select(r => r.ReporterId).ToHashSet());
            Assert.Equal(target.Reports, against.Count);
            Assert.All(against, r => Assert.False(r.Truthful));
            Assert.Contains(against, r => r.ListingId is null);
            Assert.Contains(against, r => r.ListingId is not null);
        }

        // The malicious accounts report nothing else, and no honest buyer is one of them.
        var targets = market.MassReported.Select(t => t.SellerId).ToHashSet();
        var allRogues = market.MassReported.SelectMany(t => t.Reporters).ToHashSet();
        Assert.All(reports.Where(r => allRogues.Contains(r.ReporterId)), r => Assert.Contains(r.SellerId, targets));
        Assert.Equal(market.MassReported.Sum(t => t.Reports), reports.Count(r => allRogues.Contains(r.ReporterId)));
    }

    [Fact(DisplayName = "Shifts: one extra brand registers no reference price and one a stale one, fakes of them sell far below their market; dormant accounts list withdrawn goods months back, then a taken-over one lists fakes of many brands at deep discounts and an honest one genuine goods of one or two")]
    public void MarketPricedBrandsAndDormantAccounts()
    {
        var market = Marketplace.Generate(Spec);
        Assert.Equal([ReferenceState.Missing, ReferenceState.Stale], market.Brands.Skip(Spec.Brands).Select(b => b.Reference));
        Assert.All(market.Brands.Take(Spec.Brands), b => Assert.Equal(b.ReferencePrice, b.RegisteredReferencePrice));
        Assert.Null(market.Brands[Spec.Brands].RegisteredReferencePrice);
        Assert.True(market.Brands[Spec.Brands + 1].RegisteredReferencePrice > market.Brands[Spec.Brands + 1].ReferencePrice * 1.5m);

        var listings = market.Listings.ToLookup(l => l.SellerKind);
        Assert.All(listings[SellerKind.MarketPricedCounterfeiter], l => Assert.True(l.Price <= market.Brand(l.BrandId!).ReferencePrice * 0.45m));
        Assert.All(listings[SellerKind.MarketPricedHonest], l => Assert.True(l.Price >= market.Brand(l.BrandId!).ReferencePrice * 0.45m));

        foreach (var kind in new[] { SellerKind.DormantTakeover, SellerKind.ReturningHonest })
        {
            foreach (var seller in listings[kind].GroupBy(l => l.SellerId))
            {
                var before = seller.Where(l => l.Traits.HasFlag(ListingTraits.BeforeDormancy)).ToList();
                var after = seller.Where(l => l.Traits.HasFlag(ListingTraits.AfterDormancy)).ToList();
                Assert.NotEmpty(before);
                Assert.All(before, l => Assert.True(l.Withdrawn && l.DaysBeforeStart >= 120 && !l.Counterfeit));
                Assert.Equal(seller.Count(), before.Count + after.Count);
                var brands = after.Select(l => l.BrandId).Distinct().Count();
                if (kind == SellerKind.DormantTakeover)
                {
                    Assert.True(after.Count >= 8 && brands >= 4, $"{after.Count} listings of {brands} brands");
                    Assert.All(after, l => Assert.True(l.Counterfeit && l.Price <= market.Brand(l.BrandId!).ReferencePrice * 0.55m));
                }
                else
                {
                    Assert.InRange(brands, 1, 2);
                    Assert.All(after, l => Assert.False(l.Counterfeit));
                }
            }
        }
    }

    [Fact(DisplayName = "Detection report: decisions read back are scored against the ground truth (recall, false enforcement, proactive honest removals, mass reporting, re-registrations, events until enforcement)")]
    public void DetectionScoring()
    {
        var market = Marketplace.Generate(Spec with { Sellers = 40, Listings = 200 });
        var target = market.MassReported.Single().SellerId;
        var sellers = market.Sellers.ToDictionary(s => s.SellerId, s => s.Kind switch
        {
            SellerKind.CrudeCounterfeiter or SellerKind.ReregisteringCounterfeiter => new SellerReadback("suspend", 90, ["removed_listings"]),
            SellerKind.Reregistered => new SellerReadback("restrict", 70, ["linked_to_enforced"]),
            SellerKind.NewHonest => new SellerReadback("restrict", 66, []),
            _ when s.SellerId == target => new SellerReadback("review", 45, ["reports"], [12.5]),
            _ => new SellerReadback("allow", 5, []),
        });
        var accessory = market.Listings.First(l => l.Traits.HasFlag(ListingTraits.Accessory) && l.SellerId != target);
        var branded = market.Listings.First(l => l.SellerKind == SellerKind.VerifiedHonest && l.BrandId is not null && l.SellerId != target);
        var listings = market.Listings.ToDictionary(l => l.ListingId, l => l.SellerKind == SellerKind.CrudeCounterfeiter || l == accessory
            ? new ListingReadback("removed", "proactive")
            : l == branded ? new ListingReadback("removed", "brand")
            : l.SellerId == target ? new ListingReadback("flagged", null)
            : new ListingReadback("active", null));
        var until = market.Sellers.Where(s => s.Kind == SellerKind.CrudeCounterfeiter).Select((s, i) => (s.SellerId, i + 1)).ToDictionary(x => x.SellerId, x => x.Item2);

        var d = DetectionReport.Compute(market, sellers, listings, until, new Dictionary<string, string> { [target] = "suspend" });
        var counterfeiters = market.Sellers.Count(s => s.Kind.IsCounterfeiter());
        var quiet = market.Sellers.Count(s => s.Kind is SellerKind.StealthyCounterfeiter or SellerKind.VerifiedCounterfeiter
            or SellerKind.MarketPricedCounterfeiter or SellerKind.DormantTakeover);
        var honest = market.Sellers.Count(s => s.Kind.IsHonest());
        var newHonest = market.Sellers.Count(s => s.Kind == SellerKind.NewHonest);
        var crudeListings = market.Listings.Count(l => l.SellerKind == SellerKind.CrudeCounterfeiter);
        var honestListings = market.Listings.Count(l => l.SellerKind.IsHonest());
        var targetListings = market.Listings.Count(l => l.SellerId == target);

        Assert.Equal(Math.Round((double)(counterfeiters - quiet) / counterfeiters, 4), d.CounterfeitSellerRecall);
        Assert.Equal(Math.Round((double)newHonest / honest, 4), d.HonestFalseEnforcementRate);
        Assert.Equal(Math.Round((double)crudeListings / market.Listings.Count(l => l.Counterfeit), 4), d.ProactiveRemovalRate);
        Assert.Equal(Math.Round(2.0 / honestListings, 4), d.HonestListingRemovalRate);
        Assert.Equal(Math.Round(1.0 / honestListings, 4), d.HonestListingProactiveRemovalRate);
        Assert.Equal(Math.Round((double)targetListings / honestListings, 4), d.HonestListingFlaggedRate);
        Assert.Equal(1, d.ReregistrationCatchRate);
        Assert.Equal(1, d.ReregistrationLinkedRate);
        Assert.Equal(0, d.GreyMarketEnforcementRate);
        Assert.Equal(counterfeiters, d.CounterfeitSellers);
        Assert.Equal(4, d.EventsUntilEnforcement.Sellers);
        Assert.Equal(2, d.EventsUntilEnforcement.Median);
        Assert.Equal(4, d.EventsUntilEnforcement.Max);
        Assert.Equal(newHonest, d.ByKind["new_honest"].Enforced);

        // The mass-reported seller: reviewed at the end, but suspended on the way, which counts.
        var mass = d.MassReporting!;
        Assert.Equal((1, 1, 0), (mass.Targets, mass.Suspended, mass.EnforcedAtEnd));
        Assert.Equal((target, "review", "suspend", targetListings, targetListings), (mass.Sellers[0].SellerId, mass.Sellers[0].Decision, mass.Sellers[0].StrictestDecision,
            mass.Sellers[0].Listings, mass.Sellers[0].ListingsFlagged));
        Assert.True(mass.Sellers[0].Reporters >= 10);

        Assert.Equal(1, d.Cohorts!["honest_accessories"].ListingsRemovedProactively);
        Assert.Equal(market.Sellers.Count(s => s.Ring is not null), d.Cohorts["ring_counterfeiters"].Sellers);

        // The misses: every counterfeiter below restrict first, then the honest sellers at review or stricter, with their factors' points.
        var misses = d.Misses!;
        Assert.Equal(quiet + newHonest + 1, misses.Count);
        Assert.All(misses.Take(quiet), m => Assert.Equal(("allow", 5), (m.Decision, m.Score)));
        Assert.Equal(newHonest, misses.Skip(quiet).Count(m => m.Kind == "new_honest"));
        var reported = Assert.Single(misses, m => m.SellerId == target);
        Assert.Equal(("review", "reports 12.5", targetListings), (reported.Decision, reported.Factors, reported.Listings));
    }

    [Fact(DisplayName = "Detection table: each measure's median and worst over the runs, against its goal, and one row a run")]
    public void DetectionTableOverRuns()
    {
        var market = Marketplace.Generate(Spec with { Sellers = 40, Listings = 200 });
        ScenarioResult Run(int seed, string mix, double proactive, int suspended)
        {
            var sellers = market.Sellers.ToDictionary(s => s.SellerId, _ => new SellerReadback("allow", 0, []));
            var listings = market.Listings.ToDictionary(l => l.ListingId, _ => new ListingReadback("active", null));
            var d = DetectionReport.Compute(market, sellers, listings, new Dictionary<string, int>()) with
            {
                ProactiveRemovalRate = proactive,
                MassReporting = new MassReportDetection(1, suspended, 0, []),
            };
            var config = ConfigView.From(new LoadConfig { Scenario = ScenarioNames.Market, Seed = seed, Mix = SellerKinds.ParseMix(mix) });
            return new ScenarioResult("market", config, DateTimeOffset.UnixEpoch, 20, 0, 0, 0, 0, new Dictionary<string, long>(),
                LatencySummary.Empty, new Dictionary<string, KindResult>(), d, []);
        }

        var table = DetectionTable.Render([("a", Run(101, "default", 0.90, 0)), ("b", Run(102, "stealthy", 0.96, 1)), ("c", Run(103, "crude", 0.98, 0))]);
        Assert.Contains("3 runs: seeds 101, 102, 103; mixes default, stealthy, crude", table);
        Assert.Contains("| counterfeit listings removed proactively | ≥ 95.0% | 96.0% | 90.0% | 2/3 |", table);
        Assert.Contains("| mass-reported verified sellers ever suspended | ≤ 0 | 0 | 1 | 2/3 |", table);
        Assert.Contains("| b | 102 | stealthy | 96.0% |", table);
        Assert.Equal(2.5, DetectionTable.Median([4, 1, 2, 3]));
    }

    private static string Snapshot(Marketplace market) => JsonSerializer.Serialize(new
    {
        market.Brands,
        market.Sellers,
        market.Listings,
        market.CodesNeeded,
        market.MassReported,
        Steps = market.Steps.Select(s => new { s.Day, s.Phase, Events = s.Events.ToList() }),
    }, WireJson.Options);
}
