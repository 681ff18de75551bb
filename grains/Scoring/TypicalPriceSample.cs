namespace IpGuard.Grains.Scoring;

/// <summary>
/// A bounded sample of the prices distinct sellers ask for one brand (in one currency), and its
/// median. Not thread-safe: <see cref="ObservedPriceBook"/> guards it.
/// </summary>
/// <remarks>
/// A bottom-k sample over sellers: it keeps, for the <c>capacity</c> sellers whose salted hash is
/// smallest, the price each last asked. That is a uniform sample of the brand's distinct sellers,
/// however many listings each has, so that one account flooding a brand with a thousand cheap
/// listings counts once, and a counterfeit ring moves the median only by the share of the
/// brand's sellers it makes up. The salt is the book's, unknown outside the silo, so that nobody
/// can pick seller ids that land in the sample. Memory is fixed: two arrays of <c>capacity</c>.
/// </remarks>
internal sealed class TypicalPriceSample
{
    private readonly ulong[] _keys;
    private readonly double[] _prices;
    private double[]? _sorted;
    private int _count;
    private int _largest = -1;

    public TypicalPriceSample(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _keys = new ulong[capacity];
        _prices = new double[capacity];
    }

    /// <summary>How many distinct sellers' prices the sample holds (at most its capacity).</summary>
    public int Sellers => _count;

    public int Capacity => _keys.Length;

    /// <summary>The median price of the sampled sellers; null while the sample is empty.</summary>
    public double? Median
    {
        get
        {
            if (_count == 0)
            {
                return null;
            }

            if (_sorted is null)
            {
                var sorted = _prices.AsSpan(0, _count).ToArray();
                Array.Sort(sorted);
                _sorted = sorted;
            }

            var middle = _count / 2;
            return _count % 2 == 1 ? _sorted[middle] : (_sorted[middle - 1] + _sorted[middle]) / 2;
        }
    }

    /// <summary>Takes a seller's price (its latest replaces its earlier one); whether the sample changed.</summary>
    public bool Offer(ulong sellerKey, double price)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_keys[i] == sellerKey)
            {
                if (_prices[i] == price)
                {
                    return false;
                }

                _prices[i] = price;
                _sorted = null;
                return true;
            }
        }

        if (_count < _keys.Length)
        {
            _keys[_count] = sellerKey;
            _prices[_count] = price;
            _count++;
            _largest = -1;
            _sorted = null;
            return true;
        }

        if (_largest < 0)
        {
            _largest = IndexOfLargestKey();
        }

        if (sellerKey >= _keys[_largest])
        {
            return false;
        }

        _keys[_largest] = sellerKey;
        _prices[_largest] = price;
        _largest = IndexOfLargestKey();
        _sorted = null;
        return true;
    }

    private int IndexOfLargestKey()
    {
        var at = 0;
        for (var i = 1; i < _count; i++)
        {
            if (_keys[i] > _keys[at])
            {
                at = i;
            }
        }

        return at;
    }
}
