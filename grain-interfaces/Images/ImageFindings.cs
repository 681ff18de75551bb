namespace IpGuard.GrainInterfaces;

/// <summary>
/// What a listing's photos say, each distinct photo counted once, under the first of these that
/// holds: official, another brand's, the brand's own on a seller it authorized, tainted, stock,
/// shared. Photos that fit none are unique to the seller (or not yet seen elsewhere), or are its
/// brand's own to use, and say nothing.
/// </summary>
/// <param name="Photos">Distinct photos looked at.</param>
/// <param name="OfficialPhotos">
/// Photos of the listing's brand while the seller is not authorized for it: registered by the brand
/// as official, or used by its authorized sellers (unless the photo is stock).
/// </param>
/// <param name="OtherBrandPhotos">Photos another brand registered as official, which the seller is not authorized for.</param>
/// <param name="TaintedPhotos">
/// Photos seen on another seller's listing removed as counterfeit. A widely shared photo counts
/// only when at least one in <c>StockSellers</c> of its other sellers had such a listing.
/// </param>
/// <param name="StockPhotos">Photos more than <c>StockSellers</c> other sellers use: stock or prep-center shots, little evidence.</param>
/// <param name="SharedPhotos">Photos one to <c>StockSellers</c> other sellers use.</param>
/// <param name="TaintedBy">A few of the sellers whose counterfeit listings used the tainted photos.</param>
/// <param name="Complete">False when part of the index did not answer in time: the counts are then a lower bound.</param>
[GenerateSerializer, Immutable, Alias("ipguard.ImageFindings")]
public sealed record ImageFindings(
    [property: Id(0)] int Photos,
    [property: Id(1)] int OfficialPhotos,
    [property: Id(2)] int OtherBrandPhotos,
    [property: Id(3)] int TaintedPhotos,
    [property: Id(4)] int StockPhotos,
    [property: Id(5)] int SharedPhotos,
    [property: Id(6)] IReadOnlyList<string> TaintedBy,
    [property: Id(7)] bool Complete)
{
    /// <summary>A listing without photos.</summary>
    public static ImageFindings None { get; } = new(0, 0, 0, 0, 0, 0, [], true);
}
