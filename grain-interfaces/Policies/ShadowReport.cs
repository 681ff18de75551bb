namespace IpGuard.GrainInterfaces;

/// <summary>How the shadow version decided differently for one kind of subject.</summary>
/// <param name="Compared">Subjects scored by both versions.</param>
/// <param name="Changed">Of those, the ones whose decision (sellers) or status (listings) differs.</param>
/// <param name="Transitions">Per "active->shadow" pair of decisions or statuses that differ, how many subjects.</param>
[GenerateSerializer, Immutable, Alias("ipguard.ShadowComparison")]
public sealed record ShadowComparison(
    [property: Id(0)] long Compared,
    [property: Id(1)] long Changed,
    [property: Id(2)] IReadOnlyDictionary<string, long> Transitions);

/// <summary>A subject the shadow version decided differently about.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ShadowExample")]
public sealed record ShadowExample(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] string Active,
    [property: Id(3)] string Shadow,
    [property: Id(4)] int ActiveScore,
    [property: Id(5)] int ShadowScore,
    [property: Id(6)] DateTimeOffset At);

/// <summary>A shadow version's report: since when it ran, sellers and listings compared, examples.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ShadowReport")]
public sealed record ShadowReport(
    [property: Id(0)] string Version,
    [property: Id(1)] DateTimeOffset? Since,
    [property: Id(2)] ShadowComparison Sellers,
    [property: Id(3)] ShadowComparison Listings,
    [property: Id(4)] IReadOnlyList<ShadowExample> Examples);

/// <summary>
/// One silo's changes to a shadow version's counts since its last flush: subjects newly
/// compared, and per pair ("active->shadow") how many subjects entered (+) or left (−) it.
/// </summary>
[GenerateSerializer, Immutable, Alias("ipguard.ShadowTallyDelta")]
public sealed record ShadowTallyDelta(
    [property: Id(0)] long SellersCompared,
    [property: Id(1)] IReadOnlyDictionary<string, long> SellerPairs,
    [property: Id(2)] long ListingsCompared,
    [property: Id(3)] IReadOnlyDictionary<string, long> ListingPairs,
    [property: Id(4)] IReadOnlyList<ShadowExample> Examples);

/// <summary>A shadow version's merged counts, fed by every silo's flushes about once a second.</summary>
[Alias("ipguard.IPolicyReportGrain")]
public interface IPolicyReportGrain : IGrainWithStringKey
{
    /// <summary>Adds one silo's changes since its last flush.</summary>
    [Alias("Add")]
    Task Add(ShadowTallyDelta delta);

    /// <summary>The report so far (since is filled in by the caller from the registry).</summary>
    [Alias("Get"), ReadOnly]
    Task<ShadowReport> Get();
}
