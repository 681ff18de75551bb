using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using Microsoft.Extensions.Options;

namespace IpGuard.Grains;

/// <summary>
/// Each silo's estimate of the typical (median) price of each brand's listings, per currency,
/// learned from the listings the silo scores, so that a brand without a reference price (or with a
/// stale one) is still priced against its market. No grain holds it and nothing on the ingest
/// path calls out for it: each silo sees a random share of every brand's listings, which is
/// enough for a median. Memory is bounded by <see cref="ObservedPriceOptions"/>.
/// </summary>
/// <remarks>
/// Counterfeiters flooding a brand with cheap listings must not drag its typical price down to
/// where their own prices look normal. Three defences, each cheap:
/// <list type="bullet">
/// <item>a listing offers only listings that stayed <c>active</c> below the flag
/// threshold and are priced as the brand's own goods (not accessories that fit it), so anything
/// the model already doubts teaches nothing;</item>
/// <item>the sample counts distinct sellers, not listings (<see cref="TypicalPriceSample"/>): one
/// account's thousand listings weigh as one seller's, and the median moves only by the share of
/// the brand's sellers the counterfeiters make up;</item>
/// <item>a price a deep discount (<see cref="ListingPolicy.DeepDiscount"/>) below the current
/// typical price, or as far above it, is not learned: once a brand is established, a flood far
/// below the market never enters the sample. Before that, the reference price bounds it the same
/// way where there is one.</item>
/// </list>
/// What remains: counterfeit sellers who are most of a brand's first sellers on a silo set its
/// first typical price. A reference price, where the brand gives one, bounds that.
/// </remarks>
internal sealed class ObservedPriceBook
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Brand, string Currency), TypicalPriceSample> _samples = [];
    private readonly List<(string Brand, string Currency)> _keys = [];
    private readonly int _maxBrands;
    private readonly int _sellersPerBrand;
    private readonly ulong _salt;
    private ulong _probe;

    public ObservedPriceBook(IOptions<ObservedPriceOptions> options)
        : this(options.Value.MaxBrands, options.Value.SellersPerBrand, BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)))
    {
    }

    internal ObservedPriceBook(int maxBrands, int sellersPerBrand, ulong salt)
    {
        _maxBrands = Math.Max(1, maxBrands);
        _sellersPerBrand = Math.Max(1, sellersPerBrand);
        _salt = salt;
        _probe = salt;
    }

    /// <summary>How many brand and currency pairs are sampled.</summary>
    public int Brands
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count;
            }
        }
    }

    /// <summary>The typical price of the brand's listings in the currency, and how many sellers it is taken from; null when none seen.</summary>
    public ObservedBrandPrice? Typical(string? brandId, string currency)
    {
        if (brandId is null)
        {
            return null;
        }

        lock (_lock)
        {
            return _samples.TryGetValue((brandId, Normalize(currency)), out var sample) && sample.Median is { } median
                ? new ObservedBrandPrice(new Money(Math.Round((decimal)median, 2), Normalize(currency)), sample.Sellers)
                : null;
        }
    }

    /// <summary>
    /// Offers a listing's price as one of the brand's market prices; the caller offers only
    /// listings the model does not doubt. Ignored when far from the brand's typical price (or,
    /// before that is established, from its reference).
    /// </summary>
    public void Learn(string brandId, string sellerId, Money price, Money? reference, ListingPolicy policy)
    {
        if (price.Amount <= 0)
        {
            return;
        }

        var currency = Normalize(price.Currency);
        var amount = (double)price.Amount;
        var key = SellerKey(sellerId);
        var band = Math.Clamp(1 - policy.DeepDiscount, 0.01, 1);
        lock (_lock)
        {
            _samples.TryGetValue((brandId, currency), out var sample);
            double? anchor = sample is { } known && known.Sellers >= policy.ObservedPriceMinSamples ? known.Median
                : reference is { Amount: > 0 } r && string.Equals(Normalize(r.Currency), currency, StringComparison.Ordinal) ? (double)r.Amount
                : null;
            if (anchor is { } a && (amount < a * band || amount > a / band))
            {
                return;
            }

            if (sample is null)
            {
                if (_samples.Count >= _maxBrands)
                {
                    Evict();
                }

                sample = new TypicalPriceSample(_sellersPerBrand);
                _samples[(brandId, currency)] = sample;
                _keys.Add((brandId, currency));
            }

            sample.Offer(key, amount);
        }
    }

    /// <summary>Drops the least sampled of a few pairs picked at random: brands seen often keep their estimate.</summary>
    private void Evict()
    {
        var victim = -1;
        for (var k = 0; k < 8 && _keys.Count > 0; k++)
        {
            _probe = (_probe * 6364136223846793005UL) + 1442695040888963407UL;
            var at = (int)((_probe >> 33) % (ulong)_keys.Count);
            if (victim < 0 || _samples[_keys[at]].Sellers < _samples[_keys[victim]].Sellers)
            {
                victim = at;
            }
        }

        if (victim < 0)
        {
            return;
        }

        _samples.Remove(_keys[victim]);
        _keys[victim] = _keys[^1];
        _keys.RemoveAt(_keys.Count - 1);
    }

    private ulong SellerKey(string sellerId) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(sellerId.AsSpan()), (long)_salt);

    private static string Normalize(string currency) =>
        currency.Length == 3 && currency.All(char.IsAsciiLetterUpper) ? currency : currency.ToUpperInvariant();
}
