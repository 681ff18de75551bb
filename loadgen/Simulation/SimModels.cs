namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// A brand of the simulated marketplace and its Brand Registry entry. Every brand has official
/// product photos; only those with <see cref="RegistersPhotos"/> send them to the registry.
/// </summary>
internal sealed record SimBrand(
    string BrandId,
    string Name,
    string ProtectedTerm,
    decimal ReferencePrice,
    bool Restricted,
    bool Transparency,
    IReadOnlyList<string> AuthorizedSellers,
    IReadOnlyList<string> OfficialImageHashes,
    bool RegistersPhotos,
    ReferenceState Reference = ReferenceState.Current)
{
    /// <summary>
    /// The reference price the brand registers: <see cref="ReferencePrice"/> (what its goods sell
    /// for), none, or a stale one from when its goods sold for 70% more.
    /// </summary>
    public decimal? RegisteredReferencePrice => Reference switch
    {
        ReferenceState.Missing => null,
        ReferenceState.Stale => Math.Round(ReferencePrice * 1.7m, 0),
        _ => ReferencePrice,
    };
}

/// <summary>How a brand's registered reference price stands to what its goods sell for.</summary>
internal enum ReferenceState
{
    Current,

    /// <summary>The brand registers no reference price: only the observed market prices its goods.</summary>
    Missing,

    /// <summary>The registered reference is 70% above what the brand's goods now sell for.</summary>
    Stale,
}

/// <summary>
/// Hashed identity facts. A re-registered account shares its bank account and device with the
/// old one; the clients of a prep center share its address.
/// </summary>
internal sealed record SimFingerprints(string BankAccountHash, string DeviceId, string AddressHash, string TaxIdHash);

/// <summary>
/// A simulated seller and its ground truth: <see cref="Ring"/> numbers the counterfeit ring it
/// belongs to, <see cref="PrepCenter"/> the prep center whose address it ships from.
/// </summary>
internal sealed record SimSeller(
    string SellerId,
    SellerKind Kind,
    int ArrivalDay,
    int AccountAgeDays,
    string Country,
    SimFingerprints Fingerprints,
    string? ReregistrationOf,
    int? Ring = null,
    int? PrepCenter = null);

/// <summary>A simulated listing and its ground truth (<see cref="Counterfeit"/>, and what makes it look as it does).</summary>
/// <param name="DaysBeforeStart">Listed this many days before the run (sent as its occurredAt); 0 for a listing of the run.</param>
/// <param name="Withdrawn">Sent as withdrawn: sold out or delisted long ago.</param>
internal sealed record SimListing(
    string ListingId,
    string SellerId,
    SellerKind SellerKind,
    string? BrandId,
    string? NamedBrandId,
    string Title,
    string? Description,
    decimal Price,
    int Day,
    bool Counterfeit,
    IReadOnlyList<string> ImageHashes,
    ListingTraits Traits = ListingTraits.None,
    int DaysBeforeStart = 0,
    bool Withdrawn = false);
