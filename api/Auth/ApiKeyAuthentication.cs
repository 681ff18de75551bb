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

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Ingest, p => p.RequireAssertion(c => Has(c.User, Roles.Ingest)));
        options.AddPolicy(Checkout, p => p.RequireAssertion(c => Has(c.User, Roles.Checkout)));
        options.AddPolicy(Moderator, p => p.RequireAssertion(c => Has(c.User, Roles.Moderator)));
        options.AddPolicy(Admin, p => p.RequireAssertion(c => Has(c.User, Roles.Admin)));
        options.AddPolicy(CheckoutOrModerator, p => p.RequireAssertion(c => Has(c.User, Roles.Checkout) || Has(c.User, Roles.Moderator)));
        options.AddPolicy(BrandReader, p => p.RequireAssertion(c => Has(c.User, Roles.Moderator) || OwnsBrand(c)));
        options.AddPolicy(BrandOwner, p => p.RequireAssertion(OwnsBrand));
    }

    private static bool Has(ClaimsPrincipal user, string role) =>
        user.Identity?.IsAuthenticated == true && (user.IsInRole(role) || user.IsInRole(Roles.Admin));

    private static bool OwnsBrand(AuthorizationHandlerContext context)
    {
        if (Has(context.User, Roles.Admin))
        {
            return true;
        }

        return context.Resource is HttpContext http
            && http.Request.RouteValues.TryGetValue("brandId", out var brandId)
            && brandId is string id
            && context.User.IsInRole(Roles.Brand(id));
    }
}
