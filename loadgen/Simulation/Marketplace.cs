using System.Globalization;

namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// A simulated marketplace with ground truth: brands with registries and official photos, a
/// seller population of known kinds in the spec's <see cref="MarketMix"/>, their listings, and
/// the stream of events a marketplace would send over <see cref="MarketSpec.Days"/> days —
/// registrations, verification results, listings, noisy and malicious reports, brand notices
/// and Transparency scans. Everything comes from one seeded <see cref="Random"/> in a fixed
/// order, so a spec always gives the same market and stream.
/// </summary>
/// <remarks>
/// Photos, as real marketplaces see them. Every brand has official product photos; most brands
/// (three in four) register them. Sellers of genuine goods reuse them with every right to:
/// authorized resellers on 75% of the listings of brands that authorized them (the brand's
/// media kit), 40% otherwise; honest retailers of unrestricted brands on 15–30% of their branded
/// listings (the manufacturer's catalogue images); grey-market importers on half. Counterfeiters
/// steal them: crude 55%, stealthy 65%, verified 75% of listings. Counterfeit rings (3–6
/// sellers) share a pool of their own photos; a re-registered account reuses its original's.
/// Generic goods often carry stock photos shared by unrelated honest sellers, and the clients of
/// a prep center (dozens of honest sellers and a few counterfeiters sharing its address) its
/// photos. Every other photo is the seller's own and unique.
/// </remarks>
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

    /// <summary>Honest generic goods whose titles share the counterfeiters' vocabulary ("mirror" only nearly).</summary>
    public static readonly IReadOnlyList<string> VocabularyTitles =
    [
        "AAA batteries, 24 pack", "Rechargeable AAA batteries 8 pack", "Fake plant in ceramic pot", "Imitation pearl necklace",
        "Replica vintage world map poster", "Wall art print inspired by nature", "Round vanity mirror with stand",
    ];

    /// <summary>Accessories name the brand and product they fit: {0} the brand, {1} the product.</summary>
    private static readonly string[] AccessoryTitles =
    [
        "Case for {0} {1}", "Replacement strap compatible with {0} {1}", "Protective cover for {0} {1}",
        "Organizer insert for {0} {1}", "Cleaning kit compatible with {0} {1}",
    ];

    private static readonly string[] Countries = ["US", "DE", "FR", "GB", "IT", "ES", "NL", "JP", "CN", "PL"];

    private readonly Random _random;
    private readonly MarketSpec _spec;
    private readonly List<SimBrand> _brands = [];
    private readonly List<SimSeller> _sellers = [];
    private readonly List<SimListing> _listings = [];
    private readonly List<MassReportTarget> _massReported = [];
    private readonly Dictionary<string, int> _codesNeeded = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Day, string Phase), List<SimEvent>> _events = [];
    private readonly Dictionary<string, List<string>> _photosBySeller = new(StringComparer.Ordinal);
    private List<string> _stockPhotos = [];
    private List<List<string>> _prepCenterPhotos = [];
    private List<List<string>> _ringPhotos = [];
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

    /// <summary>The honest verified sellers that malicious reporters mass-report.</summary>
    public IReadOnlyList<MassReportTarget> MassReported => _massReported;

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

        _stockPhotos = Hashes(Math.Max(20, _sellers.Count / 8));
        MakeListings();
        MakeReports();
        MakeMassReports();
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
        foreach (var (kind, count) in SellerKinds.Counts(_spec.Sellers, _spec.Mix))
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
                SellerKind.AccessorySeller => _random.Next(30, 1500),
                SellerKind.GreyMarket => _random.Next(60, 900),
                SellerKind.CrudeCounterfeiter => _random.Next(0, 4),
                SellerKind.StealthyCounterfeiter => _random.Next(45, 300),
                SellerKind.VerifiedCounterfeiter => _random.Next(400, 1800),
                _ => _random.Next(0, 5),
            };
            _sellers.Add(new SimSeller($"{_spec.RunId}-m{index++:D5}", kind, arrival, age, Countries[_random.Next(Countries.Length)], Fingerprints(), null));
        }

        AssignPrepCenters();
        FormRings();

        // Each re-registering counterfeiter comes back mid-way under a new account sharing its bank account and device.
        foreach (var original in _sellers.Where(s => s.Kind == SellerKind.ReregisteringCounterfeiter).ToList())
        {
            var fresh = Fingerprints();
            var shared = fresh with { BankAccountHash = original.Fingerprints.BankAccountHash, DeviceId = original.Fingerprints.DeviceId };
            _sellers.Add(new SimSeller($"{_spec.RunId}-m{index++:D5}", SellerKind.Reregistered, days / 2, 0, original.Country, shared, original.SellerId));
        }

        return _sellers;
    }

    /// <summary>
    /// One prep center per 400 sellers ships for 15% of the honest sellers (resellers aside),
    /// 10% of the grey importers and 8% of the counterfeiters: dozens of unrelated sellers, mostly
    /// honest, share its address.
    /// </summary>
    private void AssignPrepCenters()
    {
        var centers = Math.Max(1, _spec.Sellers / 400);
        var addresses = Hashes(centers);
        _prepCenterPhotos = [.. Enumerable.Range(0, centers).Select(_ => Hashes(8))];
        for (var i = 0; i < _sellers.Count; i++)
        {
            var seller = _sellers[i];
            var chance = seller.Kind switch
            {
                SellerKind.VerifiedHonest or SellerKind.NewHonest or SellerKind.DiscountingHonest or SellerKind.AccessorySeller => 0.15,
                SellerKind.GreyMarket => 0.10,
                SellerKind.CrudeCounterfeiter or SellerKind.StealthyCounterfeiter or SellerKind.VerifiedCounterfeiter => 0.08,
                _ => 0,
            };
            if (_random.NextDouble() < chance)
            {
                var center = _random.Next(centers);
                _sellers[i] = seller with { Fingerprints = seller.Fingerprints with { AddressHash = addresses[center] }, PrepCenter = center };
            }
        }
    }

    /// <summary>
    /// Two in five crude, stealthy and verified counterfeiters work in rings of 3–6 storefronts
    /// that share their own product photos; each ring's fingerprints stay apart.
    /// </summary>
    private void FormRings()
    {
        var candidates = Enumerable.Range(0, _sellers.Count)
            .Where(i => _sellers[i].Kind is SellerKind.CrudeCounterfeiter or SellerKind.StealthyCounterfeiter or SellerKind.VerifiedCounterfeiter)
            .ToList();
        Shuffle(candidates);
        var members = candidates.Take((int)Math.Round(candidates.Count * 0.4)).ToList();
        var position = 0;
        while (members.Count - position >= 3)
        {
            var remaining = members.Count - position;
            var size = Math.Min(3 + _random.Next(4), remaining);
            if (remaining - size < 3 && remaining <= 6)
            {
                size = remaining;
            }

            var ring = _ringPhotos.Count;
            _ringPhotos.Add(Hashes(4 + _random.Next(5)));
            foreach (var i in members.Skip(position).Take(size))
            {
                _sellers[i] = _sellers[i] with { Ring = ring };
            }

            position += size;
        }
    }

    private void MakeBrands(int count, List<SimSeller> sellers)
    {
        var resellers = sellers.Where(s => s.Kind == SellerKind.AuthorizedReseller).ToList();
        var authorized = new Dictionary<int, List<string>>();
        for (var b = 0; b < count; b++)
        {
            authorized[b] = [];
        }

        // Restricted brands (the even ones) each get resellers, round-robin, one or two brands a
        // reseller; half the resellers also distribute an unrestricted brand.
        var restricted = Enumerable.Range(0, count).Where(b => b % 2 == 0).ToList();
        var unrestricted = Enumerable.Range(0, count).Where(b => b % 2 == 1).ToList();
        var next = 0;
        foreach (var reseller in resellers)
        {
            var brands = 1 + _random.Next(2);
            for (var k = 0; k < brands; k++)
            {
                authorized[restricted[next++ % restricted.Count]].Add(reseller.SellerId);
            }

            if (_random.NextDouble() < 0.5)
            {
                authorized[unrestricted[_random.Next(unrestricted.Count)]].Add(reseller.SellerId);
            }
        }

        // Three brands in four register their photos, drawn at random so that every mix of
        // restricted, enrolled and registered occurs across seeds.
        var registering = Enumerable.Range(0, count).ToList();
        Shuffle(registering);
        var registers = registering.Take(Math.Max(1, (int)Math.Round(count * 0.75))).ToHashSet();
        for (var b = 0; b < count; b++)
        {
            var name = b < BrandNames.Length ? BrandNames[b] : $"{BrandNames[b % BrandNames.Length]}{b / BrandNames.Length}";
            var price = 40 + (_random.Next(0, 57) * 10);
            _brands.Add(new SimBrand($"{_spec.RunId}-br{b}", name, $"{name} {Lines[b % Lines.Length]}", price,
                Restricted: b % 2 == 0, Transparency: b % 3 == 0, authorized[b].Distinct().ToList(), Hashes(6 + _random.Next(5)), registers.Contains(b)));
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
            case SellerKind.AccessorySeller:
                if (_random.NextDouble() < 0.8)
                {
                    Check("identity", "passed");
                }

                if (_random.NextDouble() < 0.5)
                {
                    Check("business", "passed");
                }

                break;
            case SellerKind.VerifiedCounterfeiter:
                Check("identity", "passed");
                Check("bank", "passed");
                if (_random.NextDouble() < 0.4)
                {
                    Check("business", "passed");
                }

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
            SellerKind.DiscountingHonest or SellerKind.AccessorySeller or SellerKind.VerifiedCounterfeiter => 1.2,
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
                (_photosBySeller.TryGetValue(seller.SellerId, out var used) ? used : _photosBySeller[seller.SellerId] = []).AddRange(listing.ImageHashes);
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
        var photos = new Photos(this, 1 + _random.Next(4));

        SimListing Listing(string? brandId, string? namedBrandId, string title, string? description, decimal price, bool counterfeit, ListingTraits traits = ListingTraits.None)
        {
            var hashes = photos.Done();
            // Photos reused from an earlier listing may be the brand's own too.
            if (namedBrandId is not null && hashes.Any(Brand(namedBrandId).OfficialImageHashes.Contains))
            {
                traits |= ListingTraits.OfficialPhotos;
            }

            return new(id, seller.SellerId, seller.Kind, brandId, namedBrandId, title, description, price, day, counterfeit, hashes, traits | photos.Traits);
        }

        SimListing Genuine(SimBrand brand, double low, double high, string title, double officialPhotos, ListingTraits traits = ListingTraits.None)
        {
            photos.Borrow(brand.OfficialImageHashes, officialPhotos, ListingTraits.OfficialPhotos);
            return Listing(brand.BrandId, brand.BrandId, title, null, Price(brand.ReferencePrice, low, high), false, traits);
        }

        SimListing Generic()
        {
            if (seller.PrepCenter is { } center)
            {
                photos.Borrow(_prepCenterPhotos[center], 0.5, ListingTraits.SharedStockPhotos);
            }

            photos.Borrow(_stockPhotos, 0.35, ListingTraits.SharedStockPhotos);
            var cheap = Math.Round((decimal)(10 + (_random.NextDouble() * 90)), 2);
            return _random.NextDouble() < 0.08
                ? Listing(null, null, Pick(VocabularyTitles), null, cheap, false, ListingTraits.CounterfeitVocabulary)
                : Listing(null, null, $"{Pick(GenericWords)} {adjective} {product}", null, cheap, false);
        }

        SimListing Accessory()
        {
            // Any brand, restricted ones too: the listing claims none, and sells no brand's goods.
            var fits = Pick(_brands);
            photos.Borrow(_stockPhotos, 0.3, ListingTraits.SharedStockPhotos);
            var title = string.Format(CultureInfo.InvariantCulture, Pick(AccessoryTitles), fits.Name, product);
            return Listing(null, fits.BrandId, title, null, Math.Round((decimal)(4 + (_random.NextDouble() * 31)), 2), false, ListingTraits.Accessory);
        }

        SimListing Counterfeit(SimBrand faked, string? brandId, string title, string? description, decimal price, double stolenPhotos, ListingTraits traits = ListingTraits.None)
        {
            if (seller.Ring is { } ring)
            {
                photos.Borrow(_ringPhotos[ring], 0.8, ListingTraits.RingPhotos);
            }

            if (seller.ReregistrationOf is { } original && _photosBySeller.TryGetValue(original, out var old) && old.Count > 0)
            {
                photos.Borrow(old, 0.6, ListingTraits.ReusedPhotos);
            }

            photos.Borrow(faked.OfficialImageHashes, stolenPhotos, ListingTraits.OfficialPhotos);
            return Listing(brandId, faked.BrandId, title, description, price, true, traits);
        }

        switch (seller.Kind)
        {
            case SellerKind.VerifiedHonest or SellerKind.NewHonest:
                var draw = _random.NextDouble();
                if (draw < 0.05)
                {
                    return Accessory();
                }

                if (draw < 0.32)
                {
                    return Generic();
                }

                var honestBrand = Pick(unrestricted);
                var official = seller.Kind == SellerKind.VerifiedHonest ? 0.25 : 0.15;
                return seller.Kind == SellerKind.VerifiedHonest && _random.NextDouble() < 0.06
                    ? Genuine(honestBrand, 0.40, 0.60, $"{honestBrand.Name} {adjective} {product} - clearance, last units", official, ListingTraits.Clearance)
                    : Genuine(honestBrand, 0.92, 1.08, $"{honestBrand.Name} {adjective} {product}", official);

            case SellerKind.DiscountingHonest:
                var saleBrand = Pick(unrestricted);
                return _random.NextDouble() < 0.25
                    ? Genuine(saleBrand, 0.40, 0.60, $"{saleBrand.Name} {adjective} {product} - clearance sale", 0.30, ListingTraits.Clearance)
                    : Genuine(saleBrand, 0.70, 0.80, $"{saleBrand.Name} {adjective} {product} - seasonal sale", 0.30);

            case SellerKind.AuthorizedReseller:
                var mine = _brands.Where(b => b.AuthorizedSellers.Contains(seller.SellerId)).ToList();
                var resold = mine.Count > 0 && _random.NextDouble() < 0.8 ? Pick(mine) : Pick(unrestricted);
                return Genuine(resold, 0.88, 1.0, $"{resold.Name} {adjective} {product}, authorized dealer",
                    resold.AuthorizedSellers.Contains(seller.SellerId) ? 0.75 : 0.40);

            case SellerKind.AccessorySeller:
                return _random.NextDouble() < 0.85 ? Accessory() : Generic();

            case SellerKind.GreyMarket:
                var imported = Pick(restricted);
                return Genuine(imported, 0.72, 0.88, $"{imported.Name} {adjective} {product} (EU import)", 0.5);

            case SellerKind.CrudeCounterfeiter or SellerKind.ReregisteringCounterfeiter:
                var faked = _random.NextDouble() < 0.6 ? Pick(restricted) : Pick(_brands);
                var term = Pick(CrudeTerms);
                if (_random.NextDouble() < 0.3)
                {
                    // Claims no brand but names one: the brand-term mismatch.
                    return Counterfeit(faked, null, $"{faked.Name} style {product} {term}", null, Price(faked.ReferencePrice, 0.15, 0.40), 0.55);
                }

                return Counterfeit(faked, faked.BrandId, $"{faked.Name} {product} {term} {adjective}", null, Price(faked.ReferencePrice, 0.15, 0.40), 0.55);

            case SellerKind.VerifiedCounterfeiter:
                // Clean titles, the brand's own photos, and for half the listings a price only 30–45% off.
                var copied = _random.NextDouble() < 0.5 ? Pick(restricted) : Pick(unrestricted);
                var claim = _random.NextDouble() < 0.3 ? " - 100% authentic" : "";
                var mild = _random.NextDouble() < 0.5;
                return Counterfeit(copied, copied.BrandId, $"{copied.Name} {adjective} {product}{claim}", "Brand new with tags. Ships from our warehouse.",
                    mild ? Price(copied.ReferencePrice, 0.55, 0.70) : Price(copied.ReferencePrice, 0.45, 0.55), 0.75,
                    mild ? ListingTraits.MildDiscount : ListingTraits.None);

            default: // stealthy, and re-registered accounts, which learned to be quiet
                var quiet = _random.NextDouble() < 0.6 ? Pick(restricted) : Pick(unrestricted);
                var description = _random.NextDouble() < 0.3 ? "Same as original, ships without the box." : "Fast shipping.";
                return Counterfeit(quiet, quiet.BrandId, $"{quiet.Name} {adjective} {product}", description, Price(quiet.ReferencePrice, 0.42, 0.52),
                    seller.Kind == SellerKind.Reregistered ? 0.5 : 0.65);
        }
    }

    private void MakeReports()
    {
        var days = Days;
        var buyers = Math.Max(50, _sellers.Count * 2);
        foreach (var listing in _listings)
        {
            // Loud fakes draw the most reports, convincing ones the fewest; cheap honest goods a few more than the rest.
            var (chance, most, reason) = listing switch
            {
                { Counterfeit: true, SellerKind: SellerKind.CrudeCounterfeiter or SellerKind.ReregisteringCounterfeiter } => (0.55, 3, "counterfeit"),
                { Counterfeit: true, SellerKind: SellerKind.VerifiedCounterfeiter } => (0.35, 2, "counterfeit"),
                { Counterfeit: true } => (0.45, 3, "counterfeit"),
                { SellerKind: SellerKind.GreyMarket } => (0.12, 1, "trademark"),
                _ when (listing.Traits & (ListingTraits.Clearance | ListingTraits.Accessory)) != 0 => (0.07, 1, _random.NextDouble() < 0.5 ? "counterfeit" : "trademark"),
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
                        Add(day, PhaseSignals, new Report(NextEventId(), $"{_spec.RunId}-buyer{buyer}", "buyer", listing.ListingId, listing.SellerId, reason,
                            listing.Counterfeit || (reason == "trademark" && listing.SellerKind == SellerKind.GreyMarket)));
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

    /// <summary>
    /// A group of 10–16 fresh reporter accounts brigades one honest verified seller per 200
    /// sellers (at least one) over two days from a third of the way in: each account reports
    /// 1–3 of the target's listings as counterfeit, and half of them the seller too.
    /// </summary>
    private void MakeMassReports()
    {
        var days = Days;
        var candidates = _sellers.Where(s => s.Kind == SellerKind.VerifiedHonest)
            .Select(s => (Seller: s, Listings: _listings.Where(l => l.SellerId == s.SellerId).ToList()))
            .Where(c => c.Listings.Count >= 3)
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        Shuffle(candidates);
        var reporters = 10 + _random.Next(7);
        var start = Math.Min(days - 1, Math.Max(1, days / 3));
        foreach (var (target, listings) in candidates.Take(Math.Max(1, _spec.Sellers / 200)))
        {
            var reports = 0;
            for (var r = 0; r < reporters; r++)
            {
                var reporter = $"{_spec.RunId}-rogue{r}";
                var day = Math.Min(days - 1, start + _random.Next(2));
                var listed = listings.Where(l => l.Day <= day).ToList();
                foreach (var listing in (listed.Count > 0 ? listed : listings).OrderBy(_ => _random.Next()).Take(1 + _random.Next(3)).ToList())
                {
                    Add(Math.Max(day, listing.Day), PhaseSignals, new Report(NextEventId(), reporter, "buyer", listing.ListingId, target.SellerId, "counterfeit", false));
                    reports++;
                }

                if (_random.NextDouble() < 0.5)
                {
                    Add(day, PhaseSignals, new Report(NextEventId(), reporter, "buyer", null, target.SellerId, "counterfeit", false));
                    reports++;
                }
            }

            _massReported.Add(new MassReportTarget(target.SellerId, reporters, reports, start));
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
        // Each brand looks for its name every other day and files one notice on what it spotted
        // since: loud fakes most, quiet ones and grey imports less, and now and then an
        // accessory that names it or an honest listing of its goods.
        var days = Days;
        foreach (var brand in _brands)
        {
            for (var day = 1; day < days; day += 2)
            {
                var spotted = _listings.Where(l => l.NamedBrandId == brand.BrandId && l.Day < day && l.Day >= day - 2)
                    .Where(l => _random.NextDouble() < l switch
                    {
                        { Counterfeit: true, SellerKind: SellerKind.CrudeCounterfeiter or SellerKind.ReregisteringCounterfeiter } => 0.5,
                        { Counterfeit: true } => 0.35,
                        { SellerKind: SellerKind.GreyMarket } => 0.35,
                        _ when l.Traits.HasFlag(ListingTraits.Accessory) => 0.03,
                        _ => 0.01,
                    })
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

    private List<string> Hashes(int count) => [.. Enumerable.Range(0, count).Select(_ => Hex())];

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

    /// <summary>The 1–4 photos of a listing being made: borrowed ones first, then the seller's own.</summary>
    private sealed class Photos(Marketplace market, int count)
    {
        private readonly List<string> _hashes = new(count);

        public ListingTraits Traits { get; private set; }

        /// <summary>With probability <paramref name="chance"/>, one or two photos of <paramref name="pool"/>, while there is room.</summary>
        public void Borrow(IReadOnlyList<string> pool, double chance, ListingTraits trait)
        {
            if (pool.Count == 0 || _hashes.Count >= count || market._random.NextDouble() >= chance)
            {
                return;
            }

            var take = 1 + market._random.Next(2);
            for (var k = 0; k < take && _hashes.Count < count; k++)
            {
                var hash = market.Pick(pool);
                if (!_hashes.Contains(hash))
                {
                    _hashes.Add(hash);
                    Traits |= trait;
                }
            }
        }

        /// <summary>The photos, the seller's own filling what is left.</summary>
        public IReadOnlyList<string> Done()
        {
            while (_hashes.Count < count)
            {
                _hashes.Add(market.Hex());
            }

            return [.. _hashes];
        }
    }
}
