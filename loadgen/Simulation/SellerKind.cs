namespace IpGuard.LoadGen.Simulation;

/// <summary>The ground-truth label of a simulated seller.</summary>
internal enum SellerKind
{
    /// <summary>An established, fully verified seller of genuine goods.</summary>
    VerifiedHonest,

    /// <summary>A genuine seller with a days-old account, often not verified yet.</summary>
    NewHonest,

    /// <summary>A genuine seller running 20–30% sales, and some 40–60% clearance sales.</summary>
    DiscountingHonest,

    /// <summary>A seller the brand authorized (every restricted brand has some).</summary>
    AuthorizedReseller,

    /// <summary>
    /// An honest maker of cheap accessories that name the brand they fit ("Case for Lumora watch"),
    /// claiming no brand: the brand-term mismatch of a counterfeiter, on every listing.
    /// </summary>
    AccessorySeller,

    /// <summary>Genuine goods of restricted brands, without the brand's authorization (parallel imports).</summary>
    GreyMarket,

    /// <summary>Fakes sold loudly: "replica", "1:1", 60–85% off.</summary>
    CrudeCounterfeiter,

    /// <summary>Fakes sold quietly from an aged account: plain titles, ~50% off, passed identity check.</summary>
    StealthyCounterfeiter,

    /// <summary>
    /// Fakes sold from an aged account that passed identity and bank checks: clean titles, the
    /// brand's own photos, and for half of its listings only 30–45% off.
    /// </summary>
    VerifiedCounterfeiter,

    /// <summary>A crude counterfeiter that comes back under a new account once suspended.</summary>
    ReregisteringCounterfeiter,

    /// <summary>The new account of a <see cref="ReregisteringCounterfeiter"/>, sharing its bank account and device.</summary>
    Reregistered,

    /// <summary>
    /// An established seller of genuine goods of a brand that registers no reference price, or a
    /// stale one (its goods now sell for far less): only the observed market prices them.
    /// </summary>
    MarketPricedHonest,

    /// <summary>Fakes of such a brand, far below what its market asks, from an aged verified account with clean titles.</summary>
    MarketPricedCounterfeiter,

    /// <summary>
    /// An aged, verified account silent for months, taken over (or bought) by a counterfeiter:
    /// it comes back listing many branded fakes at deep discounts across brands.
    /// </summary>
    DormantTakeover,

    /// <summary>An honest seller back after months of silence with genuine goods of one or two brands, some on clearance.</summary>
    ReturningHonest,
}

/// <summary>What each kind is, and how much of the population it makes up.</summary>
internal static class SellerKinds
{
    /// <summary>The mixes' names on the command line and in results.</summary>
    public static IReadOnlyList<string> MixNames { get; } = ["default", "stealthy", "crude", "confounded"];

    /// <summary>Share of the sellers of each kind at the start (re-registrations, market-priced brands' sellers and dormant accounts come on top).</summary>
    public static IReadOnlyList<(SellerKind Kind, double Share)> Population(MarketMix mix = MarketMix.Default) => mix switch
    {
        MarketMix.Stealthy => Shares(0.27, 0.14, 0.08, 0.08, 0.06, 0.08, crude: 0.03, stealthy: 0.12, verified: 0.11, reregistering: 0.03),
        MarketMix.Crude => Shares(0.27, 0.14, 0.08, 0.08, 0.06, 0.08, crude: 0.18, stealthy: 0.04, verified: 0.02, reregistering: 0.05),
        MarketMix.Confounded => Shares(0.24, 0.16, 0.12, 0.08, 0.12, 0.10, crude: 0.06, stealthy: 0.05, verified: 0.04, reregistering: 0.03),
        _ => Shares(0.27, 0.14, 0.08, 0.08, 0.06, 0.08, crude: 0.10, stealthy: 0.08, verified: 0.06, reregistering: 0.05),
    };

    public static MarketMix ParseMix(string name) => name.ToLowerInvariant() switch
    {
        "default" => MarketMix.Default,
        "stealthy" => MarketMix.Stealthy,
        "crude" => MarketMix.Crude,
        "confounded" => MarketMix.Confounded,
        _ => throw new ArgumentException($"unknown mix '{name}' (one of {string.Join(", ", MixNames)})", nameof(name)),
    };

    public static string Name(this MarketMix mix) => MixNames[(int)mix];

    public static bool IsCounterfeiter(this SellerKind kind) => kind is SellerKind.CrudeCounterfeiter or SellerKind.StealthyCounterfeiter
        or SellerKind.VerifiedCounterfeiter or SellerKind.ReregisteringCounterfeiter or SellerKind.Reregistered
        or SellerKind.MarketPricedCounterfeiter or SellerKind.DormantTakeover;

    /// <summary>Sellers of genuine goods with every right to sell them: enforcing one is a false positive.</summary>
    public static bool IsHonest(this SellerKind kind) => kind is SellerKind.VerifiedHonest or SellerKind.NewHonest
        or SellerKind.DiscountingHonest or SellerKind.AuthorizedReseller or SellerKind.AccessorySeller
        or SellerKind.MarketPricedHonest or SellerKind.ReturningHonest;

    public static string Name(this SellerKind kind) => kind switch
    {
        SellerKind.VerifiedHonest => "verified_honest",
        SellerKind.NewHonest => "new_honest",
        SellerKind.DiscountingHonest => "discounting_honest",
        SellerKind.AuthorizedReseller => "authorized_reseller",
        SellerKind.AccessorySeller => "accessory_seller",
        SellerKind.GreyMarket => "grey_market",
        SellerKind.CrudeCounterfeiter => "crude_counterfeiter",
        SellerKind.StealthyCounterfeiter => "stealthy_counterfeiter",
        SellerKind.VerifiedCounterfeiter => "verified_counterfeiter",
        SellerKind.ReregisteringCounterfeiter => "reregistering_counterfeiter",
        SellerKind.Reregistered => "reregistered_account",
        SellerKind.MarketPricedHonest => "market_priced_honest",
        SellerKind.MarketPricedCounterfeiter => "market_priced_counterfeiter",
        SellerKind.DormantTakeover => "dormant_takeover",
        SellerKind.ReturningHonest => "returning_honest",
        _ => kind.ToString(),
    };

    /// <summary>The smallest population that holds one seller of every kind.</summary>
    public const int MinimumSellers = 20;

    /// <summary>
    /// Exact counts for <paramref name="sellers"/> sellers (at least <see cref="MinimumSellers"/>)
    /// by the mix's shares, largest remainder first; a kind rounded to none takes one seller from
    /// the largest kind, so that every kind is present.
    /// </summary>
    public static IReadOnlyList<(SellerKind Kind, int Count)> Counts(int sellers, MarketMix mix = MarketMix.Default)
    {
        var total = Math.Max(sellers, MinimumSellers);
        var exact = Population(mix).Select(p => (p.Kind, Value: p.Share * total)).ToList();
        var counts = exact.Select(e => (e.Kind, Count: (int)Math.Floor(e.Value))).ToList();
        var missing = total - counts.Sum(c => c.Count);
        foreach (var (kind, _) in exact.OrderByDescending(e => e.Value - Math.Floor(e.Value)).ThenBy(e => e.Kind).Take(Math.Max(0, missing)))
        {
            var i = counts.FindIndex(c => c.Kind == kind);
            counts[i] = (kind, counts[i].Count + 1);
        }

        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i].Count == 0)
            {
                var largest = counts.FindIndex(c => c.Count == counts.Max(m => m.Count));
                counts[largest] = (counts[largest].Kind, counts[largest].Count - 1);
                counts[i] = (counts[i].Kind, 1);
            }
        }

        return counts;
    }

    private static IReadOnlyList<(SellerKind Kind, double Share)> Shares(
        double verifiedHonest, double newHonest, double discounting, double authorized, double accessory, double grey,
        double crude, double stealthy, double verified, double reregistering) =>
    [
        (SellerKind.VerifiedHonest, verifiedHonest),
        (SellerKind.NewHonest, newHonest),
        (SellerKind.DiscountingHonest, discounting),
        (SellerKind.AuthorizedReseller, authorized),
        (SellerKind.AccessorySeller, accessory),
        (SellerKind.GreyMarket, grey),
        (SellerKind.CrudeCounterfeiter, crude),
        (SellerKind.StealthyCounterfeiter, stealthy),
        (SellerKind.VerifiedCounterfeiter, verified),
        (SellerKind.ReregisteringCounterfeiter, reregistering),
    ];
}
