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
internal sealed partial class Marketplace
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
    private int _honestBuyers;

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

        // On top of the population, drawn after everything above so that a seed's market stays as it
        // was; their buyers are the honest buyers numbered so far (the malicious reporters come after).
        _honestBuyers = Buyers;
        MakeMarketPricedBrands();
        MakeDormantAccounts();

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

        // Ids say nothing of the kind: shuffle before numbering, and number the accounts that
        // re-register later among the others.
        Shuffle(labelled);
        var numbers = Enumerable.Range(0, labelled.Count + labelled.Count(k => k == SellerKind.ReregisteringCounterfeiter)).ToList();
        Shuffle(numbers);
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
            _sellers.Add(new SimSeller($"{_spec.RunId}-m{numbers[index++]:D5}", kind, arrival, age, Countries[_random.Next(Countries.Length)], Fingerprints(), null));
        }

        AssignPrepCenters();
        FormRings();

        // Each re-registering counterfeiter comes back mid-way under a new account sharing its bank account and device.
        foreach (var original in _sellers.Where(s => s.Kind == SellerKind.ReregisteringCounterfeiter).ToList())
        {
            var fresh = Fingerprints();
            var shared = fresh with { BankAccountHash = original.Fingerprints.BankAccountHash, DeviceId = original.Fingerprints.DeviceId };
            _sellers.Add(new SimSeller($"{_spec.RunId}-m{numbers[index++]:D5}", SellerKind.Reregistered, days / 2, 0, original.Country, shared, original.SellerId));
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

    private SimFingerprints Fingerprints() => new(Hex(), $"dev-{Hex()}", Hex(), Hex());

    /// <summary>A hash-like value, unique to this run: runs against one api never share a fingerprint or a photo.</summary>
    private string Hex() => $"{_spec.RunId}-{_random.NextInt64().ToString("x16", CultureInfo.InvariantCulture)}";

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
}
