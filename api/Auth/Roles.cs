namespace IpGuard.Api.Auth;

/// <summary>The contract's roles; admin holds every role.</summary>
internal static class Roles
{
    public const string Ingest = "ingest";
    public const string Checkout = "checkout";
    public const string Moderator = "moderator";
    public const string Events = "events";
    public const string Admin = "admin";
    public const string BrandPrefix = "brand:";

    /// <summary>Moderator and admin keys see what the shadow policy would decide; checkout keys do not.</summary>
    public static bool SeesShadow(System.Security.Claims.ClaimsPrincipal user) => user.IsInRole(Moderator) || user.IsInRole(Admin);

    public static string Brand(string brandId) => $"brand:{brandId}";

    /// <summary>The brands a key acts for (its brand:&lt;id&gt; roles).</summary>
    public static IReadOnlyList<string> BrandsOf(System.Security.Claims.ClaimsPrincipal user) =>
        [.. user.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value)
            .Where(r => r.StartsWith(BrandPrefix, StringComparison.Ordinal)).Select(r => r[BrandPrefix.Length..])];

    public static bool IsKnown(string role) =>
        role is Ingest or Checkout or Moderator or Events or Admin
        || (role.StartsWith("brand:", StringComparison.Ordinal) && Http.Validation.IsId(role["brand:".Length..]));
}
