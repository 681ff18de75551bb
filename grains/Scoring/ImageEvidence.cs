namespace IpGuard.Grains.Scoring;

/// <summary>
/// What an image index knows of a listing's photos, each photo counted once, in the strongest
/// class that applies (counterfeit, then official, then shared, then stock). The default, all
/// zeros, is "nothing known" and changes no score.
/// </summary>
/// <param name="OfficialPhotosUnauthorized">
/// Photos that are the brand's own (its registered official images, or photos its authorized
/// sellers use) on a listing of a seller the brand has not authorized: sellers of fakes lift them.
/// </param>
/// <param name="CounterfeitPhotos">Photos already seen on another seller's listing removed as counterfeit.</param>
/// <param name="SharedPhotos">Photos shared with a few unrelated sellers (rings pass their photos around).</param>
/// <param name="StockPhotos">Photos shared by many unrelated sellers (stock or prep-center photos): next to no evidence.</param>
public readonly record struct ImageEvidence(int OfficialPhotosUnauthorized = 0, int CounterfeitPhotos = 0, int SharedPhotos = 0, int StockPhotos = 0)
{
    public static ImageEvidence None => default;
}
