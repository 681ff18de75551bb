using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Listings;

/// <summary>POST /v1/listings and each line of a batch: a listing was created or changed.</summary>
/// <remarks>The optional fields have defaults: the OpenAPI document lists the others as required.</remarks>
[RequestSchema]
public sealed record ListingRequest(
    string? EventId,
    string? ListingId,
    string? SellerId,
    string? Title,
    MoneyDto? Price,
    string? BrandId = null,
    string? Description = null,
    int? Quantity = null,
    List<string?>? ImageHashes = null,
    bool? Withdrawn = null,
    DateTimeOffset? OccurredAt = null)
{
    public const int MaxTitle = 500;
    public const int MaxDescription = 10_000;

    internal ListingUpsert? Validate(Validation v)
    {
        v.Id("eventId", EventId);
        v.Id("listingId", ListingId);
        v.Id("sellerId", SellerId);
        v.Id("brandId", BrandId, required: false);
        v.Text("title", Title, 1, MaxTitle);
        v.Text("description", Description, 0, MaxDescription, required: false);
        var price = v.Money("price", Price);
        if (Quantity is < 0 or > 100_000_000)
        {
            v.Add("quantity", "must be between 0 and 100000000");
        }

        v.ImageHashes("imageHashes", ImageHashes, 50);
        return v.IsValid
            ? new ListingUpsert(EventId!, SellerId!, BrandId, Title!, Description, price!, Quantity, ImageHashes?.Select(h => h!).ToArray(), Withdrawn ?? false, OccurredAt)
            : null;
    }
}
