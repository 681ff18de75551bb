namespace IpGuard.GrainInterfaces;

/// <summary>
/// The stable grain type names of the hot grains: their storage keys and their ids on the wire.
/// The grain classes carry them in <c>[GrainType]</c>; the api builds references from them.
/// </summary>
public static class GrainTypes
{
    public const string Seller = "seller";

    /// <summary>A listing's stored record (its state's key); the listing lives in its book (<see cref="ListingBook"/>).</summary>
    public const string Listing = "listing";

    public const string ListingBook = "listing-book";

    public const string BrandStats = "brand-stats";

    public const string CaseQueue = "case-queue";
}
