namespace IpGuard.LoadGen.Simulation;

/// <summary>A brand of the simulated marketplace and its Brand Registry entry.</summary>
internal sealed record SimBrand(
    string BrandId,
    string Name,
    string ProtectedTerm,
    decimal ReferencePrice,
    bool Restricted,
    bool Transparency,
    IReadOnlyList<string> AuthorizedSellers);

/// <summary>Hashed identity facts; a re-registered account shares its bank account and device with the old one.</summary>
internal sealed record SimFingerprints(string BankAccountHash, string DeviceId, string AddressHash, string TaxIdHash);

/// <summary>A simulated seller and its ground truth.</summary>
internal sealed record SimSeller(
    string SellerId,
    SellerKind Kind,
    int ArrivalDay,
    int AccountAgeDays,
    string Country,
    SimFingerprints Fingerprints,
    string? ReregistrationOf);

/// <summary>A simulated listing and its ground truth (<see cref="Counterfeit"/>).</summary>
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
    bool Counterfeit);
