namespace IpGuard.GrainInterfaces;

/// <summary>What the image index knows of one photo, as seen by the seller who asked.</summary>
/// <param name="OtherSellers">Distinct sellers other than the asker using it: exact up to a few, estimated beyond.</param>
/// <param name="UsedByBrandAuthorized">Sellers authorized for the asking listing's brand use it on that brand's listings.</param>
/// <param name="CounterfeitListings">Listings using it that were removed as counterfeit, the asker's own included.</param>
/// <param name="CounterfeitSellers">Distinct sellers other than the asker who had such a listing: exact up to a few, estimated beyond.</param>
/// <param name="CounterfeitSellerIds">A few of those sellers, for the evidence's explanation.</param>
[GenerateSerializer, Immutable, Alias("ipguard.ImageSighting")]
public sealed record ImageSighting(
    [property: Id(0)] int OtherSellers,
    [property: Id(1)] bool UsedByBrandAuthorized,
    [property: Id(2)] int CounterfeitListings,
    [property: Id(3)] int CounterfeitSellers,
    [property: Id(4)] IReadOnlyList<string> CounterfeitSellerIds)
{
    /// <summary>A photo no one else uses and no brand or removal touched.</summary>
    public static ImageSighting Nothing { get; } = new(0, false, 0, 0, []);
}
