using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// One shard's image hashes in bounded memory: never more than <see cref="Capacity"/> entries.
/// Entries live in two recency lists. A photo only one seller uses (most of them) is in the plain
/// tier and says nothing yet; a photo shared by sellers, used by a brand's authorized seller, or
/// seen on a counterfeit listing is in the evidence tier. When full, the least recently used plain
/// entry goes first, unless evidence fills more than three quarters of the capacity: then the least
/// recently used evidence goes, so new photos always have room to be seen twice.
/// Only the evidence tier is stored (see <see cref="TakeSnapshot"/>).
/// </summary>
internal sealed class ImageShardIndex
{
    /// <summary>Distinct sellers counted exactly (and told apart) up to this many.</summary>
    public const int KeptSellers = 8;

    /// <summary>Brands whose authorized sellers use a photo, up to this many.</summary>
    public const int KeptBrands = 4;

    /// <summary>Counterfeit listings counted exactly up to this many.</summary>
    public const int KeptCounterfeitListings = 8;

    /// <summary>Sellers of counterfeit listings named up to this many.</summary>
    public const int KeptCounterfeitSellers = 4;

    private readonly Dictionary<UInt128, ImageEntry> _entries = [];
    private readonly Tier _plain = new();
    private readonly Tier _evidence = new();

    public ImageShardIndex(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 4);
        Capacity = capacity;
        EvidenceLimit = capacity - (capacity / 4);
    }

    public int Capacity { get; }

    /// <summary>How many entries the evidence tier may hold before it gives up its own oldest.</summary>
    public int EvidenceLimit { get; }

    public int Count => _entries.Count;

    public int EvidenceCount => _evidence.Count;

    /// <summary>Whether the stored evidence differs from what a snapshot taken now would hold.</summary>
    public bool Dirty { get; private set; }

    /// <summary>Entries dropped to keep the bound, since the index was made.</summary>
    public long Evicted { get; private set; }

    /// <summary>Records a seller's use of a photo, and answers what else is known of it.</summary>
    public ImageSighting Observe(UInt128 key, string sellerId, ulong seller, ulong? brand, bool authorized)
    {
        var entry = Touch(key);
        var changed = KeptSet.Add(ref entry.Sellers, ref entry.SellerBits, seller, seller, KeptSellers);
        if (authorized && brand is { } b)
        {
            changed |= KeptSet.Add(ref entry.AuthorizedBrands, b, KeptBrands);
        }

        if (changed)
        {
            Changed(entry);
        }

        var answer = Answer(entry, sellerId, seller, brand);
        EvictOverflow();
        return answer;
    }

    /// <summary>Records that a listing using a photo was removed as counterfeit; a repeat changes nothing.</summary>
    public void MarkCounterfeit(UInt128 key, ulong listing, string sellerId, ulong seller)
    {
        var entry = Touch(key);
        var changed = KeptSet.Add(ref entry.Sellers, ref entry.SellerBits, seller, seller, KeptSellers);
        var trail = entry.Counterfeit ??= new CounterfeitTrail();
        changed |= KeptSet.Add(ref trail.Listings, ref trail.ListingBits, listing, listing, KeptCounterfeitListings);
        changed |= KeptSet.Add(ref trail.Sellers, ref trail.SellerBits, sellerId, seller, KeptCounterfeitSellers);
        if (changed)
        {
            Changed(entry);
        }

        EvictOverflow();
    }

    /// <summary>
    /// The evidence tier as records, least recently used first, when it changed since the last
    /// snapshot (else null). The records share the entries' arrays, which are never written after
    /// they are made.
    /// </summary>
    public List<ImageRecord>? TakeSnapshot()
    {
        if (!Dirty)
        {
            return null;
        }

        Dirty = false;
        var records = new List<ImageRecord>(_evidence.Count);
        for (var e = _evidence.Oldest; e is not null; e = e.Newer)
        {
            var trail = e.Counterfeit;
            records.Add(new ImageRecord((ulong)(e.Key >> 64), (ulong)e.Key, e.Sellers ?? [], e.SellerBits, e.AuthorizedBrands,
                trail?.Listings, trail?.ListingBits ?? 0, trail?.Sellers, trail?.SellerBits ?? 0));
        }

        return records;
    }

    /// <summary>A snapshot was not stored: the next one must be taken.</summary>
    public void MarkDirty() => Dirty = true;

    /// <summary>Loads stored records, least recently used first, into an empty index.</summary>
    public void Load(IEnumerable<ImageRecord> records)
    {
        foreach (var r in records)
        {
            var key = ((UInt128)r.KeyHigh << 64) | r.KeyLow;
            if (_entries.ContainsKey(key))
            {
                continue;
            }

            var entry = new ImageEntry(key)
            {
                Sellers = r.Sellers.Length == 0 ? null : r.Sellers,
                SellerBits = r.SellerBits,
                AuthorizedBrands = r.AuthorizedBrands,
                Counterfeit = r.CounterfeitListings is null && r.CounterfeitSellers is null
                    ? null
                    : new CounterfeitTrail { Listings = r.CounterfeitListings, ListingBits = r.CounterfeitListingBits, Sellers = r.CounterfeitSellers, SellerBits = r.CounterfeitSellerBits },
            };
            _entries[key] = entry;
            Place(entry);
            EvictOverflow();
        }
    }

    private ImageEntry Touch(UInt128 key)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            var tier = entry.InEvidenceTier ? _evidence : _plain;
            tier.Remove(entry);
            tier.AddNewest(entry);
            return entry;
        }

        entry = new ImageEntry(key);
        _entries[key] = entry;
        _plain.AddNewest(entry);
        return entry;
    }

    /// <summary>An entry's content changed: it may move to the evidence tier, whose stored copy is now stale.</summary>
    private void Changed(ImageEntry entry)
    {
        if (!entry.InEvidenceTier && entry.IsEvidence)
        {
            _plain.Remove(entry);
            entry.InEvidenceTier = true;
            _evidence.AddNewest(entry);
        }

        if (entry.InEvidenceTier)
        {
            Dirty = true;
        }
    }

    private void Place(ImageEntry entry)
    {
        entry.InEvidenceTier = entry.IsEvidence;
        (entry.InEvidenceTier ? _evidence : _plain).AddNewest(entry);
    }

    private void EvictOverflow()
    {
        while (_entries.Count > Capacity)
        {
            var tier = _evidence.Count > EvidenceLimit || _plain.Count == 0 ? _evidence : _plain;
            var victim = tier.Oldest!;
            tier.Remove(victim);
            _entries.Remove(victim.Key);
            Evicted++;
            if (victim.InEvidenceTier)
            {
                Dirty = true;
            }
        }
    }

    private static ImageSighting Answer(ImageEntry entry, string sellerId, ulong seller, ulong? brand)
    {
        // The asker was just added, so every seller counted but one is another.
        var others = Math.Max(0, KeptSet.Count(entry.Sellers, entry.SellerBits, KeptSellers) - 1);
        var brandUse = brand is { } b && entry.AuthorizedBrands is { } brands && Array.IndexOf(brands, b) >= 0;
        if (entry.Counterfeit is not { } trail)
        {
            return others == 0 && !brandUse ? ImageSighting.Nothing : new ImageSighting(others, brandUse, 0, 0, []);
        }

        var own = KeptSet.Contains(trail.Sellers, trail.SellerBits, sellerId, seller, KeptCounterfeitSellers);
        var counterfeitSellers = KeptSet.Count(trail.Sellers, trail.SellerBits, KeptCounterfeitSellers) - (own ? 1 : 0);
        string[] named = trail.Sellers is { } ids ? [.. ids.Where(s => !string.Equals(s, sellerId, StringComparison.Ordinal))] : [];
        return new ImageSighting(others, brandUse, KeptSet.Count(trail.Listings, trail.ListingBits, KeptCounterfeitListings), counterfeitSellers, named);
    }

    /// <summary>A recency list threaded through the entries: no node objects.</summary>
    private sealed class Tier
    {
        public ImageEntry? Oldest { get; private set; }

        public int Count { get; private set; }

        private ImageEntry? _newest;

        public void AddNewest(ImageEntry entry)
        {
            entry.Older = _newest;
            entry.Newer = null;
            if (_newest is null)
            {
                Oldest = entry;
            }
            else
            {
                _newest.Newer = entry;
            }

            _newest = entry;
            Count++;
        }

        public void Remove(ImageEntry entry)
        {
            if (entry.Older is null)
            {
                Oldest = entry.Newer;
            }
            else
            {
                entry.Older.Newer = entry.Newer;
            }

            if (entry.Newer is null)
            {
                _newest = entry.Older;
            }
            else
            {
                entry.Newer.Older = entry.Older;
            }

            entry.Older = null;
            entry.Newer = null;
            Count--;
        }
    }
}
