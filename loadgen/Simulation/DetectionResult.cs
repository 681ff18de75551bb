namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// How well the service told the market's counterfeiters from its honest sellers, read back
/// from the API at the end of the run and compared with the ground truth. "Enforced" means a
/// seller decision of restrict or suspend. Grey-market sellers count neither as honest nor as
/// counterfeiters: <see cref="GreyMarketEnforcementRate"/> reports them apart.
/// </summary>
/// <param name="HonestListingRemovalRate">Honest listings removed by anyone (the system, a brand's notice).</param>
/// <param name="HonestListingProactiveRemovalRate">Honest listings removed on the system's own decision (removal by <c>proactive</c>).</param>
/// <param name="HonestListingFlaggedRate">Honest listings left flagged for review (not active, not removed).</param>
/// <param name="MassReporting">The honest verified sellers that malicious reporters mass-reported, and what became of them.</param>
/// <param name="Cohorts">Sellers and listings that share a trait across kinds (a ring, a prep center, official photos, a confounder).</param>
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
    IReadOnlyDictionary<string, KindDetection> ByKind,
    double HonestListingProactiveRemovalRate = 0,
    double HonestListingFlaggedRate = 0,
    MassReportDetection? MassReporting = null,
    IReadOnlyDictionary<string, CohortDetection>? Cohorts = null,
    IReadOnlyDictionary<string, int>? EnforcedHonestFactors = null,
    IReadOnlyList<SellerMiss>? Misses = null);

/// <summary>
/// A seller the service judged wrongly or nearly so: a counterfeiter left below restrict, or an
/// honest seller at review or stricter; with its factors as "code points", to see what was missing or too much.
/// </summary>
internal sealed record SellerMiss(string SellerId, string Kind, string Decision, int Score, int Listings, int ListingsRemoved, string Factors);

/// <summary>
/// Events sent about a counterfeit seller (its registration, verifications, listings, and the
/// reports, scans and notices against them) up to the step in which an answer first showed it
/// enforced; over the counterfeit sellers that were enforced.
/// </summary>
internal sealed record EventsUntilEnforcement(int Sellers, double Median, double Mean, double P90, int Max);

/// <summary>One kind of seller: how many, how many enforced, their mean score and decisions, their listings and removals.</summary>
internal sealed record KindDetection(int Sellers, int Enforced, double MeanScore, IReadOnlyDictionary<string, int> Decisions, int Listings, int ListingsRemoved,
    int ListingsRemovedProactively, int ListingsFlagged = 0);

/// <summary>
/// The mass-reported honest sellers: how many were suspended at any point of the run (the goal
/// is none), how many are restricted or suspended at the end, and each one's story.
/// </summary>
internal sealed record MassReportDetection(int Targets, int Suspended, int EnforcedAtEnd, IReadOnlyList<MassReportOutcome> Sellers);

/// <summary>One mass-reported seller: the campaign against it, its decision at the end and the strictest any answer showed.</summary>
internal sealed record MassReportOutcome(string SellerId, int Reporters, int Reports, string Decision, int Score, string StrictestDecision,
    int Listings, int ListingsRemoved, int ListingsFlagged);

/// <summary>A group of sellers or listings: the sellers concerned and how many were enforced, the listings and how many were removed or flagged.</summary>
internal sealed record CohortDetection(int Sellers, int SellersEnforced, int Listings, int ListingsRemoved, int ListingsRemovedProactively, int ListingsFlagged);
