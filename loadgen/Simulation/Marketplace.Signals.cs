namespace IpGuard.LoadGen.Simulation;

/// <summary>The market's signals: buyer, system and malicious reports, Transparency scans and brand notices.</summary>
internal sealed partial class Marketplace
{
    /// <summary>The honest buyers, numbered from 0; the malicious reporters come after them.</summary>
    private int Buyers => Math.Max(50, _sellers.Count * 2);

    private void MakeReports()
    {
        var days = Days;
        var buyers = Buyers;
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
        // Named as buyers are, beyond the honest buyers' numbers: nothing in an id tells them apart.
        var reporters = Enumerable.Range(Buyers, 10 + _random.Next(7)).Select(n => $"{_spec.RunId}-buyer{n}").ToList();
        var start = Math.Min(days - 1, Math.Max(1, days / 3));
        foreach (var (target, listings) in candidates.Take(Math.Max(1, _spec.Sellers / 200)))
        {
            var reports = 0;
            foreach (var reporter in reporters)
            {
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
}
