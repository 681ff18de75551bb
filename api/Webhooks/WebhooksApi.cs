using System.Security.Claims;
using System.Security.Cryptography;
using IpGuard.Api.Auth;
using IpGuard.Api.Events;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using Microsoft.Extensions.Options;

namespace IpGuard.Api.Webhooks;

/// <summary>Signed webhooks: register, list, delete, and their delivery attempts.</summary>
internal static class WebhooksApi
{
    public const int DefaultDeliveries = 50;

    /// <summary>As many attempts as a webhook keeps.</summary>
    public const int MaxDeliveries = 200;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder routes)
    {
        var hooks = routes.MapGroup("/v1/webhooks").WithTags("Events").RequireAuthorization(Policies.WebhookOwner);

        hooks.MapPost("", Create).WithName("CreateWebhook")
            .WithSummary("Register a webhook; the answer holds its signing secret, shown only here. A brand key registers one for its own brand's listing.status_changed")
            .AcceptsBody<WebhookRequest>("application/json").Produces<WebhookCreated>(StatusCodes.Status201Created);
        hooks.MapGet("", List).WithName("ListWebhooks").WithSummary("The webhooks this key may see (a brand key: its brand's), without secrets")
            .Produces<WebhookList>();
        hooks.MapDelete("/{webhookId}", Delete).WithName("DeleteWebhook").WithSummary("Stop and remove a webhook; pending deliveries are dropped")
            .Produces(StatusCodes.Status204NoContent).Answers(404, "No such webhook (or not this brand's).");
        hooks.MapGet("/{webhookId}/deliveries", Deliveries).WithName("ListWebhookDeliveries").WithSummary("Recent delivery attempts, newest first")
            .Produces<DeliveryList>().Answers(404, "No such webhook (or not this brand's).").Answers(400, "A limit outside 1–200.")
            .AddOpenApiOperationTransformer((operation, _, _) => QueryDocs.Describe(operation,
                ("limit", QueryDocs.Integer(1, MaxDeliveries, DefaultDeliveries))));
        return routes;
    }

    private static async Task<IResult> Create(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, IOptions<WebhookOptions> options, TimeProvider time)
    {
        var body = await Body.ReadJsonAsync<WebhookRequest>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var v = new Validation();
        var brandId = OwnBrand(user, v);
        var definition = body.Value!.Validate(v, brandId, options.Value, time.GetUtcNow());
        if (definition is null)
        {
            return v.Problem();
        }

        await grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key).Add(definition);
        return TypedResults.Created($"/v1/webhooks/{definition.WebhookId}",
            new WebhookCreated(definition.WebhookId, definition.Url, definition.Types, definition.Secret, definition.CreatedAt, definition.Description, definition.BrandId));
    }

    private static async Task<IResult> List(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(new WebhookList([.. (await grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key).List()).Where(w => Sees(user, w))]));

    private static async Task<IResult> Delete(string webhookId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var registry = grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key);
        if (await Find(registry, webhookId, user) is null)
        {
            return Problems.NotFound($"webhook '{webhookId}' does not exist");
        }

        await registry.Remove(webhookId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Deliveries(string webhookId, string? limit, ClaimsPrincipal user, IGrainFactory grains)
    {
        var count = DefaultDeliveries;
        if (limit is not null && (!int.TryParse(limit, out count) || count is < 1 or > MaxDeliveries))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["limit"] = [$"must be 1–{MaxDeliveries}"] });
        }

        if (await Find(grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key), webhookId, user) is null)
        {
            return Problems.NotFound($"webhook '{webhookId}' does not exist");
        }

        return TypedResults.Ok(new DeliveryList(await grains.GetGrain<IWebhookGrain>(webhookId).GetDeliveries(count)));
    }

    private static async Task<WebhookView?> Find(IWebhookRegistryGrain registry, string webhookId, ClaimsPrincipal user) =>
        Validation.IsId(webhookId) ? (await registry.List()).FirstOrDefault(w => w.WebhookId == webhookId && Sees(user, w)) : null;

    private static bool Sees(ClaimsPrincipal user, WebhookView webhook) =>
        user.IsInRole(Roles.Admin) || (webhook.BrandId is { } brand && user.IsInRole(Roles.Brand(brand)));

    /// <summary>The brand a brand key registers for; null for an admin (whose webhooks see every event).</summary>
    private static string? OwnBrand(ClaimsPrincipal user, Validation v)
    {
        if (user.IsInRole(Roles.Admin))
        {
            return null;
        }

        var brands = Roles.BrandsOf(user);
        if (brands.Count != 1)
        {
            v.Add("apiKey", "a webhook is registered for one brand: use a key of exactly one brand");
            return null;
        }

        return brands[0];
    }
}

/// <summary>POST /v1/webhooks.</summary>
[RequestSchema]
public sealed record WebhookRequest(string? Url, IReadOnlyList<string?>? Types, string? Description = null)
{
    public const int MaxUrlLength = 2048;

    internal WebhookDefinition? Validate(Validation v, string? brandId, WebhookOptions options, DateTimeOffset now)
    {
        Uri? url = null;
        if (Url is null || Url.Length > MaxUrlLength || !Uri.TryCreate(Url, UriKind.Absolute, out url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.UserInfo.Length > 0 || url.Fragment.Length > 0)
        {
            v.Add("url", $"must be an absolute http(s) url without credentials or fragment, at most {MaxUrlLength} characters");
            url = null;
        }
        else if (brandId is not null && AddressGuard.RefuseForBrand(url) is { } refusal)
        {
            v.Add("url", refusal);
        }
        else if (brandId is null && !options.Allows(url.IdnHost))
        {
            v.Add("url", "targets a host IpGuard:Webhooks:AllowedHosts does not allow");
        }

        List<string> types = [];
        if (Types is not { Count: > 0 } given || given.Any(t => t is null || !EventTypes.IsKnown(t)))
        {
            v.Add("types", $"must list one or more of {string.Join(", ", EventTypes.All)}");
        }
        else
        {
            types = [.. given.OfType<string>().Distinct(StringComparer.Ordinal)];
            if (brandId is not null && types.Any(t => t != EventTypes.ListingStatusChanged))
            {
                v.Add("types", $"a brand's webhook receives {EventTypes.ListingStatusChanged} only");
            }
        }

        v.Text("description", Description, 1, 500, required: false);
        if (!v.IsValid || url is null)
        {
            return null;
        }

        var id = "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var secret = "whsec_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return new WebhookDefinition(id, url.AbsoluteUri, types, brandId, Description, secret, now);
    }
}

/// <summary>The answer of POST /v1/webhooks: the only time the secret is shown.</summary>
public sealed record WebhookCreated(string WebhookId, string Url, IReadOnlyList<string> Types, string Secret, DateTimeOffset CreatedAt, string? Description, string? BrandId);

/// <summary>The answer of GET /v1/webhooks.</summary>
public sealed record WebhookList(IReadOnlyList<WebhookView> Items);

/// <summary>The answer of GET /v1/webhooks/{webhookId}/deliveries.</summary>
public sealed record DeliveryList(IReadOnlyList<DeliveryAttempt> Items);
