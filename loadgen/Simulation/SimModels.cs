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
    bool RegistersPhotos);

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
    ListingTraits Traits = ListingTraits.None);
