using System.Globalization;

namespace IpGuard.LoadGen.Simulation;

/// <summary>The market's listings: titles, prices and photos by seller kind, and the honest confounders.</summary>
internal sealed partial class Marketplace
{
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

    /// <summary>
    /// What sellers of every kind write in descriptions: a description says nothing of the seller's
    /// kind unless a counterfeiter slips ("Same as original").
    /// </summary>
    private static readonly string[] Descriptions =
    [
        "Brand new with tags.", "Ships from our warehouse within 24 hours.", "Fast shipping.", "Original packaging.",
        "Gift wrapping available.", "Returns accepted within 30 days.",
    ];

    /// <summary>Accessories name the brand and product they fit: {0} the brand, {1} the product.</summary>
    private static readonly string[] AccessoryTitles =
    [
        "Case for {0} {1}", "Replacement strap compatible with {0} {1}", "Protective cover for {0} {1}",
        "Organizer insert for {0} {1}", "Cleaning kit compatible with {0} {1}",
    ];

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
            return Listing(brand.BrandId, brand.BrandId, title, Description(0.7), Price(brand.ReferencePrice, low, high), false, traits);
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
                ? Listing(null, null, Pick(VocabularyTitles), Description(0.5), cheap, false, ListingTraits.CounterfeitVocabulary)
                : Listing(null, null, $"{Pick(GenericWords)} {adjective} {product}", Description(0.5), cheap, false);
        }

        SimListing Accessory()
        {
            // Any brand, restricted ones too: the listing claims none, and sells no brand's goods.
            var fits = Pick(_brands);
            photos.Borrow(_stockPhotos, 0.3, ListingTraits.SharedStockPhotos);
            var title = string.Format(CultureInfo.InvariantCulture, Pick(AccessoryTitles), fits.Name, product);
            return Listing(null, fits.BrandId, title, Description(0.5), Math.Round((decimal)(4 + (_random.NextDouble() * 31)), 2), false, ListingTraits.Accessory);
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
                    return Counterfeit(faked, null, $"{faked.Name} style {product} {term}", Description(0.3), Price(faked.ReferencePrice, 0.15, 0.40), 0.55);
                }

                return Counterfeit(faked, faked.BrandId, $"{faked.Name} {product} {term} {adjective}", Description(0.3), Price(faked.ReferencePrice, 0.15, 0.40), 0.55);

            case SellerKind.VerifiedCounterfeiter:
                // Clean titles, the brand's own photos, and for half the listings a price only 30–45% off.
                var copied = _random.NextDouble() < 0.5 ? Pick(restricted) : Pick(unrestricted);
                var claim = _random.NextDouble() < 0.3 ? " - 100% authentic" : "";
                var mild = _random.NextDouble() < 0.5;
                return Counterfeit(copied, copied.BrandId, $"{copied.Name} {adjective} {product}{claim}", Pick(Descriptions),
                    mild ? Price(copied.ReferencePrice, 0.55, 0.70) : Price(copied.ReferencePrice, 0.45, 0.55), 0.75,
                    mild ? ListingTraits.MildDiscount : ListingTraits.None);

            default: // stealthy, and re-registered accounts, which learned to be quiet
                var quiet = _random.NextDouble() < 0.6 ? Pick(restricted) : Pick(unrestricted);
                var description = _random.NextDouble() < 0.3 ? "Same as original, ships without the box." : Pick(Descriptions);
                return Counterfeit(quiet, quiet.BrandId, $"{quiet.Name} {adjective} {product}", description, Price(quiet.ReferencePrice, 0.42, 0.52),
                    seller.Kind == SellerKind.Reregistered ? 0.5 : 0.65);
        }
    }

    private string? Description(double chance) => _random.NextDouble() < chance ? Pick(Descriptions) : null;

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
