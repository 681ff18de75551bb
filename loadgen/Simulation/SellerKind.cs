namespace IpGuard.LoadGen.Simulation;

/// <summary>The ground-truth label of a simulated seller.</summary>
internal enum SellerKind
{
    /// <summary>An established, fully verified seller of genuine goods.</summary>
    VerifiedHonest,

    /// <summary>A genuine seller with a days-old account, often not verified yet.</summary>
    NewHonest,

    /// <summary>A genuine seller running 20–30% sales: cheap, but not suspiciously so.</summary>
    DiscountingHonest,

    /// <summary>A seller the brand authorized for its restricted lines.</summary>
    AuthorizedReseller,

    /// <summary>Genuine goods of restricted brands, without the brand's authorization (parallel imports).</summary>
    GreyMarket,

    /// <summary>Fakes sold loudly: "replica", "1:1", 60–85% off.</summary>
    CrudeCounterfeiter,

    /// <summary>Fakes sold quietly from an aged account: plain titles, ~50% off, passed identity check.</summary>
    StealthyCounterfeiter,

    /// <summary>A crude counterfeiter that comes back under a new account once suspended.</summary>
    ReregisteringCounterfeiter,

    /// <summary>The new account of a <see cref="ReregisteringCounterfeiter"/>, sharing its bank account and device.</summary>
    Reregistered,
}

/// <summary>What each kind is, and how much of the population it makes up.</summary>
internal static class SellerKinds
{
    /// <summary>Share of the sellers of each kind at the start (re-registrations come on top).</summary>
    public static IReadOnlyList<(SellerKind Kind, double Share)> Population { get; } =
    [
        (SellerKind.VerifiedHonest, 0.30),
        (SellerKind.NewHonest, 0.15),
        (SellerKind.DiscountingHonest, 0.10),
        (SellerKind.AuthorizedReseller, 0.10),
        (SellerKind.GreyMarket, 0.10),
        (SellerKind.CrudeCounterfeiter, 0.10),
        (SellerKind.StealthyCounterfeiter, 0.10),
        (SellerKind.ReregisteringCounterfeiter, 0.05),
    ];

    public static bool IsCounterfeiter(this SellerKind kind) => kind is SellerKind.CrudeCounterfeiter or SellerKind.StealthyCounterfeiter
        or SellerKind.ReregisteringCounterfeiter or SellerKind.Reregistered;

    /// <summary>Sellers of genuine goods with every right to sell them: enforcing one is a false positive.</summary>
    public static bool IsHonest(this SellerKind kind) => kind is SellerKind.VerifiedHonest or SellerKind.NewHonest
        or SellerKind.DiscountingHonest or SellerKind.AuthorizedReseller;

    public static string Name(this SellerKind kind) => kind switch
    {
        SellerKind.VerifiedHonest => "verified_honest",
        SellerKind.NewHonest => "new_honest",
        SellerKind.DiscountingHonest => "discounting_honest",
        SellerKind.AuthorizedReseller => "authorized_reseller",
        SellerKind.GreyMarket => "grey_market",
        SellerKind.CrudeCounterfeiter => "crude_counterfeiter",
        SellerKind.StealthyCounterfeiter => "stealthy_counterfeiter",
        SellerKind.ReregisteringCounterfeiter => "reregistering_counterfeiter",
        SellerKind.Reregistered => "reregistered_account",
        _ => kind.ToString(),
    };

    /// <summary>The smallest population that holds one seller of the rarest kind.</summary>
    public const int MinimumSellers = 20;

    /// <summary>Exact counts for <paramref name="sellers"/> sellers (at least <see cref="MinimumSellers"/>) by the shares, largest remainder first.</summary>
    public static IReadOnlyList<(SellerKind Kind, int Count)> Counts(int sellers)
    {
        var total = Math.Max(sellers, MinimumSellers);
        var exact = Population.Select(p => (p.Kind, Value: p.Share * total)).ToList();
        var counts = exact.Select(e => (e.Kind, Count: (int)Math.Floor(e.Value))).ToList();
        var missing = total - counts.Sum(c => c.Count);
        foreach (var (kind, _) in exact.OrderByDescending(e => e.Value - Math.Floor(e.Value)).ThenBy(e => e.Kind).Take(Math.Max(0, missing)))
        {
            var i = counts.FindIndex(c => c.Kind == kind);
            counts[i] = (kind, counts[i].Count + 1);
        }

        return counts;
    }
}
