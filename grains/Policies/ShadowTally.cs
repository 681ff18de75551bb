using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// This silo's changes to the shadow report since the last flush. Each subject remembers the
/// pair ("active->shadow") it last counted under a shadow version, and reports moving from
/// that pair to its new one, so the merged counts say where every compared subject stands now.
/// </summary>
internal sealed class ShadowTally
{
    public const int MaxExamplesPerFlush = 50;

    private readonly Lock _lock = new();
    private Dictionary<string, Tally> _tallies = new(StringComparer.Ordinal);

    /// <param name="previousPair">The pair this subject last counted under <paramref name="version"/>, or null when first compared.</param>
    public void Record(string version, bool seller, string? previousPair, string pair, ShadowExample example)
    {
        if (previousPair == pair)
        {
            return;
        }

        lock (_lock)
        {
            if (!_tallies.TryGetValue(version, out var tally))
            {
                _tallies[version] = tally = new Tally();
            }

            var pairs = seller ? tally.SellerPairs : tally.ListingPairs;
            if (previousPair is null)
            {
                if (seller)
                {
                    tally.SellersCompared++;
                }
                else
                {
                    tally.ListingsCompared++;
                }
            }
            else
            {
                pairs[previousPair] = pairs.GetValueOrDefault(previousPair) - 1;
            }

            pairs[pair] = pairs.GetValueOrDefault(pair) + 1;
            if (example.Active != example.Shadow)
            {
                // Only the newest changes are shown: a busy second keeps the last few.
                tally.Examples.Enqueue(example);
                if (tally.Examples.Count > MaxExamplesPerFlush)
                {
                    tally.Examples.Dequeue();
                }
            }
            else if (previousPair is not null && IsChange(previousPair))
            {
                // A subject both versions agree on again leaves the examples; these are rare, and all are sent.
                tally.Agreed.Add(example);
            }
        }
    }

    /// <summary>Everything counted since the last call, per shadow version; the tally starts again empty.</summary>
    public IReadOnlyList<(string Version, ShadowTallyDelta Delta)> Take()
    {
        Dictionary<string, Tally> taken;
        lock (_lock)
        {
            if (_tallies.Count == 0)
            {
                return [];
            }

            taken = _tallies;
            _tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        }

        return [.. taken.Select(t => (t.Key, new ShadowTallyDelta(t.Value.SellersCompared, NonZero(t.Value.SellerPairs),
            t.Value.ListingsCompared, NonZero(t.Value.ListingPairs), [.. t.Value.Examples.Concat(t.Value.Agreed).OrderBy(e => e.At)])))];
    }

    /// <summary>Puts back a delta that could not be sent, so that no count is lost.</summary>
    public void Return(string version, ShadowTallyDelta delta)
    {
        lock (_lock)
        {
            if (!_tallies.TryGetValue(version, out var tally))
            {
                _tallies[version] = tally = new Tally();
            }

            tally.SellersCompared += delta.SellersCompared;
            tally.ListingsCompared += delta.ListingsCompared;
            foreach (var (pair, n) in delta.SellerPairs)
            {
                tally.SellerPairs[pair] = tally.SellerPairs.GetValueOrDefault(pair) + n;
            }

            foreach (var (pair, n) in delta.ListingPairs)
            {
                tally.ListingPairs[pair] = tally.ListingPairs.GetValueOrDefault(pair) + n;
            }
        }
    }

    private static bool IsChange(string pair) => pair.Split("->", 2) is [var active, var shadow] && active != shadow;

    private static Dictionary<string, long> NonZero(Dictionary<string, long> pairs) =>
        pairs.Where(p => p.Value != 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private sealed class Tally
    {
        public long SellersCompared;
        public long ListingsCompared;
        public readonly Dictionary<string, long> SellerPairs = new(StringComparer.Ordinal);
        public readonly Dictionary<string, long> ListingPairs = new(StringComparer.Ordinal);
        public readonly Queue<ShadowExample> Examples = new();
        public readonly List<ShadowExample> Agreed = [];
    }
}
