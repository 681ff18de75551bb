using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.Api.PolicyLab;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Brands;

/// <summary>The Brand Registry: entries, brand keys and authorized sellers.</summary>
internal static class BrandsApi
{
    public static IEndpointRouteBuilder MapBrandsApi(this IEndpointRouteBuilder routes)
    {
        var brands = routes.MapGroup("/v1/brands/{brandId}").WithTags("Brand Registry");

        brands.MapPut("", Put).RequireAuthorization(Policies.Admin)
            .WithName("PutBrand").WithSummary("Create or replace a Brand Registry entry")
            .AcceptsBody<BrandRequest>("application/json").Produces<BrandView>();
        brands.MapGet("", Get).RequireAuthorization(Policies.BrandReader)
            .WithName("GetBrand").WithSummary("A Brand Registry entry with its stats")
            .Produces<BrandView>().Answers(404, "The brand is not registered.");
        brands.MapPost("/api-keys", MintKey).RequireAuthorization(Policies.Admin)
            .WithName("MintBrandKey").WithSummary("Mint an API key holding role brand:{brandId}")
            .Produces<ApiKeyMinted>(StatusCodes.Status201Created).Answers(404, "The brand is not registered.");
        brands.MapPost("/authorized-sellers", AuthorizedSellers).RequireAuthorization(Policies.BrandOwner)
            .WithName("UpdateAuthorizedSellers").WithSummary("Add and remove authorized sellers")
            .AcceptsBody<AuthorizedSellersRequest>("application/json").Produces<BrandView>().Answers(404, "The brand is not registered.");
        return routes;
    }

    private static Task<IResult> Put(string brandId, HttpContext context, IGrainFactory grains) =>
        Body.HandleAsync<BrandRequest, BrandRegistryEntry>(context.Request, (body, v) => body.Validate(brandId, v), async (_, entry) =>
        {
            var view = await grains.GetGrain<IBrandGrain>(brandId).Put(entry);
            await AuditLog.RecordAsync(grains, context, "brand_registry_written", brandId,
                $"{entry.AuthorizedSellers.Count} authorized sellers, restricted {entry.Restricted.ToString().ToLowerInvariant()}");
            return TypedResults.Ok(view);
        });

    private static async Task<IResult> Get(string brandId, IGrainFactory grains)
    {
        if (!Validation.IsId(brandId))
        {
            return Problems.NotFound($"brand '{brandId}' is not registered");
        }

        var view = await grains.GetGrain<IBrandGrain>(brandId).Get();
        return view is null ? Problems.NotFound($"brand '{brandId}' is not registered") : TypedResults.Ok(view);
    }

    private static async Task<IResult> MintKey(string brandId, HttpContext context, IGrainFactory grains, ApiKeyStore keys)
    {
        if (!Validation.IsId(brandId) || await grains.GetGrain<IBrandGrain>(brandId).Get() is null)
        {
            return Problems.NotFound($"brand '{brandId}' is not registered");
        }

        string[] roles = [Roles.Brand(brandId)];
        var key = await keys.MintAsync(roles);
        await AuditLog.RecordAsync(grains, context, "api_key_minted", brandId, $"roles {string.Join(",", roles)}");
        return TypedResults.Created($"/v1/brands/{brandId}", new ApiKeyMinted(key, brandId, roles));
    }

    private static async Task<IResult> AuthorizedSellers(string brandId, HttpContext context, IGrainFactory grains)
    {
        var body = await Body.ReadJsonAsync<AuthorizedSellersRequest>(context.Request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var v = new Validation();
        if (!body.Value!.Validate(v))
        {
            return v.Problem();
        }

        string[] add = body.Value.Add?.Select(s => s!).ToArray() ?? [];
        string[] remove = body.Value.Remove?.Select(s => s!).ToArray() ?? [];
        var view = await grains.GetGrain<IBrandGrain>(brandId).UpdateAuthorizedSellers(add, remove);
        if (view is not null)
        {
            await AuditLog.RecordAsync(grains, context, "brand_authorized_sellers_changed", brandId,
                $"added [{string.Join(",", add)}], removed [{string.Join(",", remove)}]");
        }

        return view is null ? Problems.NotFound($"brand '{brandId}' is not registered") : TypedResults.Ok(view);
    }
}
