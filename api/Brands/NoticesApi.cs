using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.Api.Operations;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Brands;

/// <summary>Brand self-service: notices of infringement, Project Zero style takedowns, Transparency codes.</summary>
internal static class NoticesApi
{
    public static IEndpointRouteBuilder MapNoticesApi(this IEndpointRouteBuilder routes)
    {
        var brands = routes.MapGroup("/v1/brands/{brandId}").WithTags("Brand Registry").RequireAuthorization(Policies.BrandOwner);

        brands.MapPost("/notices", (string brandId, HttpRequest request, IGrainFactory grains, IpGuardMetrics metrics) => FileAsync(brandId, request, grains, metrics, takedown: false))
            .WithName("FileNotice").WithSummary("A notice of infringement against 1–300 listings: a trusted brand's removes them, an unproven brand's flags them for review")
            .AcceptsBody<NoticeRequest>("application/json").Produces<NoticeResults>()
            .Answers(404, "The brand is not registered.").Answers(409, "The eventId was used with another body.");
        brands.MapPost("/takedowns", (string brandId, HttpRequest request, IGrainFactory grains, IpGuardMetrics metrics) => FileAsync(brandId, request, grains, metrics, takedown: true))
            .WithName("Takedown").WithSummary("Self-service removal, for brands with ≥ 90% of ≥ 10 decided notices accepted or trusted by an admin")
            .AcceptsBody<NoticeRequest>("application/json").Produces<NoticeResults>()
            .Answers(403, "The key holds none of the roles this route accepts, or (type …/self-service-not-eligible) the brand may not take down by itself.")
            .Answers(404, "The brand is not registered.").Answers(409, "The eventId was used with another body.");
        brands.MapPost("/codes", MintCodes)
            .WithName("MintCodes").WithSummary("Mint unguessable per-unit Transparency codes")
            .AcceptsBody<CodesRequest>("application/json").Produces<CodesMinted>(StatusCodes.Status201Created).Answers(404, "The brand is not registered.");
        return routes;
    }

    private static Task<IResult> FileAsync(string brandId, HttpRequest request, IGrainFactory grains, IpGuardMetrics metrics, bool takedown) =>
        Body.HandleAsync<NoticeRequest, NoticeCommand>(request, (body, v) => body.Validate(v, takedown), async (_, notice) =>
        {
            var ack = await grains.GetGrain<IBrandGrain>(brandId).FileNotice(notice);
            metrics.Ingested(takedown ? "takedown" : "notice", ack.Status);
            return ack.Status == AckStatus.Forbidden
                ? Problems.Problem(403, "self-service-not-eligible", "Self-service takedown not allowed", ack.Problem ?? "")
                : Acks.ToResult(ack);
        });

    private static async Task<IResult> MintCodes(string brandId, HttpRequest request, IGrainFactory grains)
    {
        var body = await Body.ReadJsonAsync<CodesRequest>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var v = new Validation();
        if (body.Value!.Validate(v) is not { } count)
        {
            return v.Problem();
        }

        var codes = await grains.GetGrain<IBrandGrain>(brandId).MintCodes(count);
        return codes is null
            ? Problems.NotFound($"brand '{brandId}' is not registered")
            : TypedResults.Created($"/v1/brands/{brandId}", new CodesMinted(brandId, codes));
    }
}
