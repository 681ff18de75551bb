using System.Globalization;

namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// A simulated marketplace with ground truth: brands with registries, a seller population of
/// known kinds, their listings, and the stream of events a marketplace would send over
/// <see cref="MarketSpec.Days"/> days — registrations, verification results, listings, noisy
/// buyer reports, brand notices and Transparency scans. Everything comes from one seeded
/// <see cref="Random"/> in a fixed order, so a spec always gives the same market and stream.
/// </summary>
internal sealed class Marketplace
{
    public const string PhaseIdentity = "identity";
    public const string PhaseListings = "listings";
    public const string PhaseSignals = "signals";

    private static readonly string[] BrandNames =
    [
        "Lumora", "Veltrix", "Ardenne", "Corvallo", "Nimbra", "Solenne", "Quorra", "Brisvale", "Tavenor", "Olwyn",
        "Maristo", "Pellucid", "Zephine", "Caldera", "Orlanth", "Sunvik", "Halvard", "Ivorel", "Kestine", "Rovana",
    ];

    private static readonly string[] Lines = ["Luxe", "Prime", "Atelier", "Signature", "Reserve"];
    private static readonly string[] Products = ["handbag", "wallet", "watch", "sneakers", "jacket", "sunglasses", "belt", "perfume", "headphones", "scarf"];
    private static readonly string[] Adjectives = ["classic", "leather", "limited", "black", "vintage", "sport", "large", "mini", "navy", "signature"];
    private static readonly string[] GenericWords = ["Handmade", "Everyday", "Canvas", "Organic", "Travel", "Cotton", "Studio", "Urban"];

    /// <summary>Fake-goods vocabulary the crude counterfeiters use (each is in the service's default policy).</summary>
    public static readonly IReadOnlyList<string> CrudeTerms = ["replica", "1:1", "AAA", "mirror quality", "super copy", "inspired by", "dupe", "factory replica"];

    private static readonly string[] Countries = ["US", "DE", "FR", "GB", "IT", "ES", "NL", "JP", "CN", "PL"];

    private readonly Random _random;
    private readonly MarketSpec _spec;
    private readonly List<SimBrand> _brands = [];
    private readonly List<SimSeller> _sellers = [];
    private readonly List<SimListing> _listings = [];
    private readonly Dictionary<string, int> _codesNeeded = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Day, string Phase), List<SimEvent>> _events = [];
    private long _eventSequence;

    private Marketplace(MarketSpec spec)
    {
        _spec = spec;
        _random = new Random(spec.Seed);
    }

    public MarketSpec Spec => _spec;

    public IReadOnlyList<SimBrand> Brands => _brands;

    public IReadOnlyList<SimSeller> Sellers => _sellers;

    public IReadOnlyList<SimListing> Listings => _listings;

    /// <summary>How many Transparency codes each enrolled brand mints before day 0.</summary>
    public IReadOnlyDictionary<string, int> CodesNeeded => _codesNeeded;

    /// <summary>The event stream in the order it is sent.</summary>
    public IReadOnlyList<SimStep> Steps { get; private set; } = [];

    public int Days => Math.Max(2, _spec.Days);

    public static Marketplace Generate(MarketSpec spec)
    {
        var market = new Marketplace(spec);
        market.Build();
        return market;
    }

    public SimBrand Brand(string brandId) => _brands.First(b => b.BrandId == brandId);

    private void Build()
    {
        var brandCount = Math.Max(2, _spec.Brands);
        var sellers = MakeSellers();
        MakeBrands(brandCount, sellers);
        foreach (var seller in _sellers)
        {
            Add(seller.ArrivalDay, PhaseIdentity, new RegisterSeller(NextEventId(), seller));
            AddVerifications(seller);
        }

        MakeListings();
        MakeReports();
        MakeScans();
        MakeNotices();

        var order = new[] { PhaseIdentity, PhaseListings, PhaseSignals };
        Steps = [.. _events.OrderBy(e => e.Key.Day).ThenBy(e => Array.IndexOf(order, e.Key.Phase))
            .Select(e => new SimStep(e.Key.Day, e.Key.Phase, e.Value))];
    }

    private List<SimSeller> MakeSellers()
    {
        var days = Days;
        var labelled = new List<SellerKind>();
        foreach (var (kind, count) in SellerKinds.Counts(_spec.Sellers))
        {
            labelled.AddRange(Enumerable.Repeat(kind, count));
        }

        // Ids say nothing of the kind: shuffle before numbering.
        Shuffle(labelled);
        var index = 0;
        foreach (var kind in labelled)
        {
            var arrival = kind switch
            {
                SellerKind.NewHonest => _random.Next(0, Math.Max(1, days / 2)),
                SellerKind.CrudeCounterfeiter or SellerKind.StealthyCounterfeiter => _random.Next(0, Math.Max(1, days / 3)),
                _ => 0,
            };
            var age = kind switch
            {
                SellerKind.VerifiedHonest => _random.Next(400, 2000),
                SellerKind.NewHonest => _random.Next(0, 6),
                SellerKind.DiscountingHonest => _random.Next(200, 1500),
                SellerKind.AuthorizedReseller => _random.Next(500, 2500),
                SellerKind.GreyMarket => _random.Next(60, 900),
                SellerKind.CrudeCounterfeiter => _random.Next(0, 4),
                SellerKind.StealthyCounterfeiter => _random.Next(45, 300),
                _ => _random.Next(0, 5),
            };
            _sellers.Add(new SimSeller($"{_spec.RunId}-m{index++:D5}", kind, arrival, age, Countries[_random.Next(Countries.Length)], Fingerprints(), null));
        }

        // Each re-registering counterfeiter comes back mid-way under a new account sharing its bank account and device.
        foreach (var original in _sellers.Where(s => s.Kind == SellerKind.ReregisteringCounterfeiter).ToList())
        {
            var fresh = Fingerprints();
            var shared = fresh with { BankAccountHash = original.Fingerprints.BankAccountHash, DeviceId = original.Fingerprints.DeviceId };
            _sellers.Add(new SimSeller($"{_spec.RunId}-m{index++:D5}", SellerKind.Reregistered, days / 2, 0, original.Country, shared, original.SellerId));
        }

        return _sellers;
    }

    private void MakeBrands(int count, List<SimSeller> sellers)
    {
        var resellers = sellers.Where(s => s.Kind == SellerKind.AuthorizedReseller).ToList();
        var authorized = new Dictionary<int, List<string>>();
        for (var b = 0; b < count; b++)
        {
            authorized[b] = [];
        }

        // Restricted brands (the even ones) each get resellers, round-robin, one or two brands a reseller.
        var restricted = Enumerable.Range(0, count).Where(b => b % 2 == 0).ToList();
        var next = 0;
        foreach (var reseller in resellers)
        {
            var brands = 1 + _random.Next(2);
            for (var k = 0; k < brands; k++)
            {
                authorized[restricted[next++ % restricted.Count]].Add(reseller.SellerId);
            }
        }

        for (var b = 0; b < count; b++)
        {
            var name = b < BrandNames.Length ? BrandNames[b] : $"{BrandNames[b % BrandNames.Length]}{b / BrandNames.Length}";
            var price = 40 + (_random.Next(0, 57) * 10);
            _brands.Add(new SimBrand($"{_spec.RunId}-br{b}", name, $"{name} {Lines[b % Lines.Length]}", price,
                Restricted: b % 2 == 0, Transparency: b % 3 == 0, authorized[b].Distinct().ToList()));
        }
    }

    private void AddVerifications(SimSeller seller)
    {
        var day = seller.ArrivalDay;
        void Check(string check, string outcome) => Add(day, PhaseListings, new Verify(NextEventId(), seller.SellerId, check, outcome));
        switch (seller.Kind)
        {
            case SellerKind.VerifiedHonest:
                Check("identity", "passed");
                Check("business", "passed");
                Check("bank", "passed");
                break;
            case SellerKind.NewHonest:
                if (_random.NextDouble() < 0.6)
                {
                    Check("identity", "passed");
                }

                break;
            case SellerKind.DiscountingHonest:
                Check("identity", "passed");
                Check("bank", "passed");
                break;
            case SellerKind.AuthorizedReseller:
                Check("identity", "passed");
                Check("business", "passed");
                Check("video", "passed");
                break;
            case SellerKind.GreyMarket:
            case SellerKind.StealthyCounterfeiter:
            case SellerKind.Reregistered:
                Check("identity", "passed");
                break;
            case SellerKind.CrudeCounterfeiter:
                if (_random.NextDouble() < 0.5)
                {
                    Check("identity", "failed");
                }

                break;
            case SellerKind.ReregisteringCounterfeiter:
                Check("identity", "failed");
                break;
        }
    }

    private void MakeListings()
    {
        var days = Days;
        var weights = _sellers.Select(s => s.Kind switch
        {
            SellerKind.VerifiedHonest or SellerKind.AuthorizedReseller => 1.5,
            SellerKind.DiscountingHonest => 1.2,
            SellerKind.NewHonest => 0.7,
            SellerKind.ReregisteringCounterfeiter or SellerKind.Reregistered => 0.8,
            _ => 1.0,
        }).ToList();
        var perWeight = Math.Max(_spec.Listings, _sellers.Count) / weights.Sum();
        var number = 0;
        for (var s = 0; s < _sellers.Count; s++)
        {
            var seller = _sellers[s];
            var count = Math.Max(1, (int)Math.Round(weights[s] * perWeight * (0.6 + (0.8 * _random.NextDouble()))));
            // The original account of a re-registering counterfeiter lists only before it comes back.
            var lastDay = seller.Kind == SellerKind.ReregisteringCounterfeiter ? Math.Max(seller.ArrivalDay, (days / 2) - 1) : days - 1;
            for (var k = 0; k < count; k++)
            {
                var day = _random.Next(seller.ArrivalDay, lastDay + 1);
                var listing = MakeListing($"{_spec.RunId}-ml{number++:D6}", seller, day);
                _listings.Add(listing);
                Add(day, PhaseListings, new PostListing(NextEventId(), listing));
            }
        }
    }

    private SimListing MakeListing(string id, SimSeller seller, int day)
    {
        var product = Pick(Products);
        var adjective = Pick(Adjectives);
        var unrestricted = _brands.Where(b => !b.Restricted).ToList();
        var restricted = _brands.Where(b => b.Restricted).ToList();
        SimListing Genuine(SimBrand brand, double low, double high, string title) =>
            new(id, seller.SellerId, seller.Kind, brand.BrandId, brand.BrandId, title, null, Price(brand.ReferencePrice, low, high), day, false);

        switch (seller.Kind)
        {
            case SellerKind.VerifiedHonest or SellerKind.NewHonest:
                if (_random.NextDouble() < 0.3)
                {
                    var title = $"{Pick(GenericWords)} {adjective} {product}";
                    return new(id, seller.SellerId, seller.Kind, null, null, title, null, Math.Round((decimal)(10 + (_random.NextDouble() * 90)), 2), day, false);
                }

                var honestBrand = Pick(unrestricted);
                return Genuine(honestBrand, 0.92, 1.08, $"{honestBrand.Name} {adjective} {product}");

            case SellerKind.DiscountingHonest:
                var saleBrand = Pick(unrestricted);
                return Genuine(saleBrand, 0.70, 0.80, $"{saleBrand.Name} {adjective} {product} - seasonal sale");

            case SellerKind.AuthorizedReseller:
                var mine = _brands.Where(b => b.AuthorizedSellers.Contains(seller.SellerId)).ToList();
                var resold = mine.Count > 0 && _random.NextDouble() < 0.8 ? Pick(mine) : Pick(unrestricted);
                return Genuine(resold, 0.88, 1.0, $"{resold.Name} {adjective} {product}, authorized dealer");

            case SellerKind.GreyMarket:
                var imported = Pick(restricted);
                return Genuine(imported, 0.72, 0.88, $"{imported.Name} {adjective} {product} (EU import)");

            case SellerKind.CrudeCounterfeiter or SellerKind.ReregisteringCounterfeiter:
                var faked = _random.NextDouble() < 0.6 ? Pick(restricted) : Pick(_brands);
                var term = Pick(CrudeTerms);
                if (_random.NextDouble() < 0.3)
                {
                    // Claims no brand but names one: the brand-term mismatch.
                    var unclaimed = $"{faked.Name} style {product} {term}";
                    return new(id, seller.SellerId, seller.Kind, null, faked.BrandId, unclaimed, null, Price(faked.ReferencePrice, 0.15, 0.40), day, true);
                }

                return new(id, seller.SellerId, seller.Kind, faked.BrandId, faked.BrandId, $"{faked.Name} {product} {term} {adjective}", null,
                    Price(faked.ReferencePrice, 0.15, 0.40), day, true);

            default: // stealthy, and re-registered accounts, which learned to be quiet
                var quiet = _random.NextDouble() < 0.6 ? Pick(restricted) : Pick(unrestricted);
                var description = _random.NextDouble() < 0.3 ? "Same as original, ships without the box." : "Fast shipping.";
                return new(id, seller.SellerId, seller.Kind, quiet.BrandId, quiet.BrandId, $"{quiet.Name} {adjective} {product}", description,
                    Price(quiet.ReferencePrice, 0.42, 0.52), day, true);
        }
    }

    private void MakeReports()
    {
        var days = Days;
        var buyers = Math.Max(50, _sellers.Count * 2);
        foreach (var listing in _listings)
        {
            var (chance, most, reason) = listing switch
            {
                { Counterfeit: true } => (0.55, 3, "counterfeit"),
                { SellerKind: SellerKind.GreyMarket } => (0.12, 1, "trademark"),
                _ => (0.04, 1, _random.NextDouble() < 0.5 ? "counterfeit" : "other"),
            };
            if (_random.NextDouble() < chance)
            {
                var reporters = 1 + _random.Next(most);
                var used = new HashSet<int>();
                for (var r = 0; r < reporters; r++)
                {
                    var buyer = _random.Next(buyers);
                    if (used.Add(buyer))
                    {
                        var day = Math.Min(days - 1, listing.Day + _random.Next(0, 3));
                        Add(day, PhaseSignals, new Report(NextEventId(), $"{_spec.RunId}-buyer{buyer}", "buyer", listing.ListingId, listing.SellerId, reason, listing.Counterfeit || reason == "trademark"));
                    }
                }
            }

            // The price watch flags the deepest discounts on its own.
            if (listing is { Counterfeit: true, BrandId: not null } && listing.Price < Brand(listing.BrandId).ReferencePrice * 0.4m && _random.NextDouble() < 0.3)
            {
                Add(listing.Day, PhaseSignals, new Report(NextEventId(), $"{_spec.RunId}-pricewatch", "system", listing.ListingId, listing.SellerId, "counterfeit", true));
            }
        }
    }

    private void MakeScans()
    {
        var authentic = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var listing in _listings.Where(l => l.BrandId is not null && Brand(l.BrandId).Transparency))
        {
            var brand = listing.BrandId!;
            if (!listing.Counterfeit)
            {
                if (_random.NextDouble() < 0.6)
                {
                    var code = _codesNeeded.GetValueOrDefault(brand);
                    _codesNeeded[brand] = code + 1;
                    (authentic.TryGetValue(brand, out var list) ? list : authentic[brand] = []).Add(code);
                    Add(listing.Day, PhaseSignals, new Scan(NextEventId(), brand, code, null, listing.ListingId, listing.SellerId));
                }
            }
            else if (_random.NextDouble() < 0.7)
            {
                // Half the fakes carry an invented code, half a copy of a real unit's code.
                var copies = authentic.GetValueOrDefault(brand);
                var scan = copies is { Count: > 0 } && _random.NextDouble() < 0.5
                    ? new Scan(NextEventId(), brand, Pick(copies), null, listing.ListingId, listing.SellerId)
                    : new Scan(NextEventId(), brand, null, $"TX-{_random.NextInt64():X16}", listing.ListingId, listing.SellerId);
                Add(listing.Day, PhaseSignals, scan);
            }
        }
    }

    private void MakeNotices()
    {
        // Each brand looks for its name every other day and files one notice on what it spotted since.
        var days = Days;
        foreach (var brand in _brands)
        {
            for (var day = 1; day < days; day += 2)
            {
                var spotted = _listings.Where(l => l.NamedBrandId == brand.BrandId && l.Day < day && l.Day >= day - 2)
                    .Where(l => _random.NextDouble() < (l.Counterfeit ? 0.5 : l.SellerKind == SellerKind.GreyMarket ? 0.35 : 0.01))
                    .Take(300)
                    .ToList();
                if (spotted.Count > 0)
                {
                    Add(day, PhaseSignals, new Notice(NextEventId(), brand.BrandId, [.. spotted.Select(l => l.ListingId)],
                        [.. spotted.Select(l => l.SellerId).Distinct()], "counterfeit"));
                }
            }
        }
    }

    private SimFingerprints Fingerprints() => new(Hex(), $"dev-{Hex()}", Hex(), Hex());

    private string Hex() => _random.NextInt64().ToString("x16", CultureInfo.InvariantCulture);

    private decimal Price(decimal reference, double lowShare, double highShare) =>
        Math.Round(reference * (decimal)(lowShare + ((highShare - lowShare) * _random.NextDouble())), 2);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private string NextEventId() => $"{_spec.RunId}-me{_eventSequence++:D7}";

    private void Add(int day, string phase, SimEvent e)
    {
        if (!_events.TryGetValue((day, phase), out var list))
        {
            _events[(day, phase)] = list = [];
        }

        list.Add(e);
    }
}
