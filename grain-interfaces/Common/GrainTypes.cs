namespace IpGuard.GrainInterfaces;

/// <summary>
/// The stable grain type names of the hot grains: their storage keys and their ids on the wire.
/// The grain classes carry them in <c>[GrainType]</c>; the api builds references from them.
/// </summary>
public static class GrainTypes
{
    public const string Seller = "seller";

    public const string Listing = "listing";

    public const string BrandStats = "brand-stats";

    public const string CaseQueue = "case-queue";
}
