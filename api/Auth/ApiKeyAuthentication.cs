using System.Security.Claims;
using System.Text.Encodings.Web;
using IpGuard.Api.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace IpGuard.Api.Auth;

/// <summary>Authenticates the X-Api-Key header; answers 401 and 403 as problem+json.</summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string Cookie = "ipguard-key";
    public const string OrleansDashboardPath = "/orleans";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key) && Request.Path.StartsWithSegments(OrleansDashboardPath))
        {
            // A browser cannot send a header to the Orleans dashboard's pages: /dashboard sets this
            // SameSite=Strict cookie, scoped to /orleans, when a key is entered.
            key = Request.Cookies[Cookie] ?? "";
        }

        if (string.IsNullOrEmpty(key))
        {
            return AuthenticateResult.NoResult();
        }

        var holder = await keys.FindAsync(key);
        if (holder is null)
        {
            // The key itself is never logged or echoed.
            return AuthenticateResult.Fail("unknown API key");
        }

        var identity = new ClaimsIdentity(holder.Claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.Unauthorized().ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Forbidden("This API key does not hold a role this route needs.").ExecuteAsync(Context);
}

/// <summary>The route policies: which roles may call what.</summary>
internal static class Policies
{
    public const string Ingest = "ingest";
    public const string Checkout = "checkout";
    public const string Moderator = "moderator";
    public const string Admin = "admin";
    public const string CheckoutOrModerator = "checkout-or-moderator";

    /// <summary>admin, moderator, or the brand's own key (route value brandId).</summary>
    public const string BrandReader = "brand-reader";

    /// <summary>admin, or the brand's own key (route value brandId).</summary>
    public const string BrandOwner = "brand-owner";

    /// <summary>events, admin, or any brand's key (which sees its own brand's listings only).</summary>
    public const string EventsReader = "events-reader";

    /// <summary>admin, or any brand's key (acting for its own brand only).</summary>
    public const string WebhookOwner = "webhook-owner";

    /// <summary>The role a brand's own key holds, as the OpenAPI document names it (the route's brandId filled in).</summary>
    public const string OwnBrandRole = "brand:{brandId}";

    /// <summary>Any brand's key, as the OpenAPI document names it: the route acts for the key's own brand.</summary>
    public const string AnyBrandRole = "brand:<brandId>";

    /// <summary>
    /// The roles each policy accepts, any one of them sufficing. The policies are built from this
    /// table, and the OpenAPI document states it, so the two cannot drift apart.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string[]> AcceptedRoles = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Ingest] = [Roles.Ingest, Roles.Admin],
        [Checkout] = [Roles.Checkout, Roles.Admin],
        [Moderator] = [Roles.Moderator, Roles.Admin],
        [Admin] = [Roles.Admin],
        [CheckoutOrModerator] = [Roles.Checkout, Roles.Moderator, Roles.Admin],
        [BrandReader] = [Roles.Moderator, OwnBrandRole, Roles.Admin],
        [BrandOwner] = [OwnBrandRole, Roles.Admin],
        [EventsReader] = [Roles.Events, AnyBrandRole, Roles.Admin],
        [WebhookOwner] = [AnyBrandRole, Roles.Admin],
    };

    /// <summary>The roles that satisfy the policy (any one of them), admin included; empty for an unknown policy.</summary>
    public static IReadOnlyList<string> RolesOf(string policy) => AcceptedRoles.TryGetValue(policy, out var roles) ? roles : [];

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (policy, roles) in AcceptedRoles)
        {
            options.AddPolicy(policy, p => p.RequireAssertion(c => roles.Any(role => Holds(c, role))));
        }
    }

    private static bool Holds(AuthorizationHandlerContext context, string role)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        if (context.User.IsInRole(Roles.Admin))
        {
            return true;
        }

        if (role == AnyBrandRole)
        {
            return context.User.FindAll(ClaimTypes.Role).Any(c => c.Value.StartsWith(Roles.BrandPrefix, StringComparison.Ordinal));
        }

        if (role != OwnBrandRole)
        {
            return context.User.IsInRole(role);
        }

        return context.Resource is HttpContext http
            && http.Request.RouteValues.TryGetValue("brandId", out var brandId)
            && brandId is string id
            && context.User.IsInRole(Roles.Brand(id));
    }
}
