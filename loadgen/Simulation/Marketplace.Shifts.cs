namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// Behaviours on top of the population, drawn after the rest of the market so that a seed's
/// population, listings and signals stay as they were: brands whose registry gives no current
/// reference price (so only the prices observed on the market show a fake's discount), and
/// dormant accounts that come back, taken over by counterfeiters or honestly.
/// </summary>
internal sealed partial class Marketplace
{
    /// <summary>
    /// Two unrestricted brands beyond the spec's: one registers no reference price, the other a
    /// stale one 70% above what its goods now sell for (<see cref="ReferenceState"/>). One
    /// established seller in 16 (at least 12) sells each brand's genuine goods at its market price
    /// from day 0, a tenth of those listings on clearance; one seller in 64 (at least 3) sells its
    /// fakes at 25–45% of that price from a verified, aged account with clean titles.
    /// </summary>
    private void MakeMarketPricedBrands()
    {
        var days = Days;
        foreach (var reference in new[] { ReferenceState.Missing, ReferenceState.Stale })
        {
            var b = _brands.Count;
            var name = b < BrandNames.Length ? BrandNames[b] : $"{BrandNames[b % BrandNames.Length]}{b / BrandNames.Length}";
            var brand = new SimBrand($"{_spec.RunId}-br{b}", name, $"{name} {Lines[b % Lines.Length]}", 60 + (_random.Next(0, 45) * 10),
                Restricted: false, Transparency: false, [], Hashes(6 + _random.Next(5)), RegistersPhotos: true, reference);
            _brands.Add(brand);

            for (var s = 0; s < Math.Max(12, _spec.Sellers / 16); s++)
            {
                var seller = AddSeller(SellerKind.MarketPricedHonest, arrivalDay: 0, _random.Next(300, 2000), "identity", "business");
                var count = 3 + _random.Next(5);
                for (var k = 0; k < count; k++)
                {
                    var day = k == 0 ? 0 : _random.Next(0, days);
                    var clearance = _random.NextDouble() < 0.1;
                    AddListing(seller, brand, day, clearance ? 0.45 : 0.90, clearance ? 0.60 : 1.10,
                        clearance ? $"{brand.Name} {Pick(Adjectives)} {Pick(Products)} - clearance sale" : $"{brand.Name} {Pick(Adjectives)} {Pick(Products)}",
                        counterfeit: false, officialPhotos: 0.3, clearance ? ListingTraits.Clearance : ListingTraits.None);
                }
            }

            for (var s = 0; s < Math.Max(3, _spec.Sellers / 64); s++)
            {
                var arrival = _random.Next(1, Math.Max(2, days / 2));
                var seller = AddSeller(SellerKind.MarketPricedCounterfeiter, arrival, _random.Next(60, 600), "identity");
                var count = 4 + _random.Next(6);
                for (var k = 0; k < count; k++)
                {
                    AddListing(seller, brand, _random.Next(arrival, days), 0.25, 0.45, $"{brand.Name} {Pick(Adjectives)} {Pick(Products)}",
                        counterfeit: true, officialPhotos: 0.6);
                }
            }
        }
    }

    /// <summary>
    /// Aged, verified accounts whose owner listed a few genuine goods of one brand 4–24 months ago
    /// and then went silent (those listings arrive withdrawn, with their old occurredAt). One seller
    /// in 50 (at least 2) is taken over: from a day of the run it lists 8–16 fakes of 4–6 brands at
    /// 45–60% off within three days. One in 32 (at least 3) comes back honestly with 4–10 genuine
    /// listings of one brand (or two), and a third of those run a clearance on part of them.
    /// </summary>
    private void MakeDormantAccounts()
    {
        var days = Days;
        var unrestricted = _brands.Where(b => !b.Restricted && b.Reference == ReferenceState.Current).ToList();
        var takeovers = Math.Max(2, _spec.Sellers / 50);
        var returners = Math.Max(3, _spec.Sellers / 32);
        for (var s = 0; s < takeovers + returners; s++)
        {
            var takenOver = s < takeovers;
            var seller = AddSeller(takenOver ? SellerKind.DormantTakeover : SellerKind.ReturningHonest, arrivalDay: 0, _random.Next(500, 2500), "identity", "bank");
            var owned = Pick(unrestricted);
            var silentFor = _random.Next(120, 720);
            for (var k = 2 + _random.Next(4); k > 0; k--)
            {
                AddListing(seller, owned, 0, 0.92, 1.08, $"{owned.Name} {Pick(Adjectives)} {Pick(Products)}", counterfeit: false, officialPhotos: 0.2,
                    ListingTraits.BeforeDormancy, daysBeforeStart: silentFor + _random.Next(0, 60), withdrawn: true);
            }

            var back = _random.Next(1, Math.Max(2, days - 1));
            if (takenOver)
            {
                var brands = unrestricted.OrderBy(_ => _random.Next()).Take(Math.Min(unrestricted.Count, 4 + _random.Next(3))).ToList();
                var burst = 8 + _random.Next(9);
                for (var k = 0; k < burst; k++)
                {
                    var faked = brands[k % brands.Count];
                    AddListing(seller, faked, Math.Min(days - 1, back + _random.Next(3)), 0.40, 0.55, $"{faked.Name} {Pick(Adjectives)} {Pick(Products)}",
                        counterfeit: true, officialPhotos: 0.6, ListingTraits.AfterDormancy);
                }
            }
            else
            {
                var brands = _random.NextDouble() < 0.7 ? [owned] : new List<SimBrand> { owned, Pick(unrestricted) };
                var clearing = _random.NextDouble() < 0.33;
                for (var k = 4 + _random.Next(7); k > 0; k--)
                {
                    var brand = Pick(brands);
                    var clearance = clearing && _random.NextDouble() < 0.4;
                    AddListing(seller, brand, _random.Next(back, days), clearance ? 0.40 : 0.92, clearance ? 0.60 : 1.08,
                        clearance ? $"{brand.Name} {Pick(Adjectives)} {Pick(Products)} - clearance, last units" : $"{brand.Name} {Pick(Adjectives)} {Pick(Products)}",
                        counterfeit: false, officialPhotos: 0.25, ListingTraits.AfterDormancy | (clearance ? ListingTraits.Clearance : ListingTraits.None));
                }
            }
        }
    }

    private SimSeller AddSeller(SellerKind kind, int arrivalDay, int accountAgeDays, params string[] passedChecks)
    {
        var seller = new SimSeller($"{_spec.RunId}-m{_sellers.Count + 100_000:D6}", kind, arrivalDay, accountAgeDays, Countries[_random.Next(Countries.Length)], Fingerprints(), null);
        _sellers.Add(seller);
        Add(arrivalDay, PhaseIdentity, new RegisterSeller(NextEventId(), seller));
        foreach (var check in passedChecks)
        {
            Add(arrivalDay, PhaseListings, new Verify(NextEventId(), seller.SellerId, check, "passed"));
        }

        return seller;
    }

    /// <summary>A listing of the brand at a share of its market price, and the reports buyers file against it (fakes draw more); a withdrawn one draws none.</summary>
    private void AddListing(SimSeller seller, SimBrand brand, int day, double low, double high, string title, bool counterfeit, double officialPhotos,
        ListingTraits traits = ListingTraits.None, int daysBeforeStart = 0, bool withdrawn = false)
    {
        var photos = new Photos(this, 1 + _random.Next(4));
        photos.Borrow(brand.OfficialImageHashes, officialPhotos, ListingTraits.OfficialPhotos);
        var description = counterfeit && _random.NextDouble() < 0.3 ? "Same as original, ships without the box." : Description(0.6);
        var listing = new SimListing($"{_spec.RunId}-ml{_listings.Count + 1_000_000:D7}", seller.SellerId, seller.Kind, brand.BrandId, brand.BrandId, title,
            description, Price(brand.ReferencePrice, low, high), day, counterfeit, photos.Done(), traits | photos.Traits, daysBeforeStart, withdrawn);
        _listings.Add(listing);
        Add(day, PhaseListings, new PostListing(NextEventId(), listing));
        if (withdrawn)
        {
            return;
        }

        // As the rest of the market's quiet fakes and plain genuine goods draw them (MakeReports).
        var (chance, most) = counterfeit ? (0.45, 3) : (0.04, 1);
        if (_random.NextDouble() < chance)
        {
            var used = new HashSet<int>();
            for (var r = 1 + _random.Next(most); r > 0; r--)
            {
                var buyer = _random.Next(_honestBuyers);
                if (used.Add(buyer))
                {
                    Add(Math.Min(Days - 1, day + _random.Next(0, 3)), PhaseSignals, new Report(NextEventId(), $"{_spec.RunId}-buyer{buyer}", "buyer",
                        listing.ListingId, seller.SellerId, counterfeit || _random.NextDouble() < 0.5 ? "counterfeit" : "other", counterfeit));
                }
            }
        }
    }
}
