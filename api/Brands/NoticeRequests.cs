using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Brands;

/// <summary>POST /v1/brands/{brandId}/notices and /takedowns.</summary>
[RequestSchema]
public sealed record NoticeRequest(string? EventId, List<string?>? ListingIds, string? Reason, string? Details = null)
{
    public const int MaxListings = 300;

    internal NoticeCommand? Validate(Validation v, bool takedown)
    {
        v.Id("eventId", EventId);
        if (ListingIds is null || ListingIds.Count == 0)
        {
            v.Add("listingIds", $"must list 1–{MaxListings} listings");
        }
        else
        {
            v.Ids("listingIds", ListingIds, MaxListings);
        }

        v.Text("reason", Reason, 1, 200);
        v.Text("details", Details, 0, 4000, required: false);
        return v.IsValid ? new NoticeCommand(EventId!, [.. ListingIds!.Select(l => l!)], Reason!, Details, takedown) : null;
    }
}

/// <summary>POST /v1/brands/{brandId}/codes.</summary>
[RequestSchema]
public sealed record CodesRequest(int? Count)
{
    public const int MaxCount = 10_000;

    internal int? Validate(Validation v)
    {
        if (Count is not (>= 1 and <= MaxCount))
        {
            v.Add("count", $"must be 1–{MaxCount}");
            return null;
        }

        return Count;
    }
}

/// <summary>The minted codes.</summary>
public sealed record CodesMinted(string BrandId, IReadOnlyList<string> Codes);
