namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// How well the service told the market's counterfeiters from its honest sellers, read back
/// from the API at the end of the run and compared with the ground truth. "Enforced" means a
/// seller decision of restrict or suspend.
/// </summary>
internal sealed record DetectionResult(
    double ProactiveRemovalRate,
    double CounterfeitListingRemovalRate,
    double HonestListingRemovalRate,
    double CounterfeitSellerRecall,
    double HonestFalseEnforcementRate,
    double GreyMarketEnforcementRate,
    double ReregistrationCatchRate,
    double ReregistrationLinkedRate,
    EventsUntilEnforcement EventsUntilEnforcement,
    int CounterfeitSellers,
    int HonestSellers,
    int CounterfeitListings,
    int HonestListings,
    int Reregistrations,
    IReadOnlyDictionary<string, KindDetection> ByKind);

/// <summary>
/// Events sent about a counterfeit seller (its registration, verifications, listings, and the
/// reports, scans and notices against them) up to the step in which an answer first showed it
/// enforced; over the counterfeit sellers that were enforced.
/// </summary>
internal sealed record EventsUntilEnforcement(int Sellers, double Median, double Mean, double P90, int Max);

/// <summary>One kind of seller: how many, how many enforced, their mean score and decisions, their listings and removals.</summary>
internal sealed record KindDetection(int Sellers, int Enforced, double MeanScore, IReadOnlyDictionary<string, int> Decisions, int Listings, int ListingsRemoved, int ListingsRemovedProactively);
