using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.Api.Operations;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Transparency;

/// <summary>Transparency scans: was this unit's code minted by this brand, and is it cloned?</summary>
internal static class ScansApi
{
    public static IEndpointRouteBuilder MapScansApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1/transparency").WithTags("Transparency")
            .MapPost("/scans", Scan).RequireAuthorization(Policies.Ingest)
            .WithName("Scan").WithSummary("A per-unit Transparency code was scanned: authentic, unknown, cloned or wrong_brand")
            .AcceptsBody<ScanRequest>("application/json").Produces<ScanAnswer>().Answers(409, "The eventId was used with another body.");
        return routes;
    }

    private static Task<IResult> Scan(HttpRequest request, IGrainFactory grains, IpGuardMetrics metrics) =>
        Body.HandleAsync<ScanRequest, ScanCommand>(request, (body, v) => body.Validate(v), async (_, scan) =>
        {
            var ack = await grains.GetGrain<ITransparencyCodeGrain>(scan.Code).Scan(scan);
            metrics.Ingested("scan", ack.Status);
            return Acks.ToResult(ack);
        });
}

/// <summary>POST /v1/transparency/scans.</summary>
[RequestSchema]
public sealed record ScanRequest(string? EventId, string? Code, string? BrandId, string? ListingId = null, string? SellerId = null)
{
    internal ScanCommand? Validate(Validation v)
    {
        v.Id("eventId", EventId);
        v.Text("code", Code, 1, 300);
        if (Code is not null && Code.Any(char.IsControl))
        {
            v.Add("code", "must not contain control characters");
        }

        v.Id("brandId", BrandId);
        v.Id("listingId", ListingId, required: false);
        v.Id("sellerId", SellerId, required: false);
        return v.IsValid ? new ScanCommand(EventId!, Code!, BrandId!, ListingId, SellerId) : null;
    }
}
