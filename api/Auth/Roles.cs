namespace IpGuard.Api.Auth;

/// <summary>The contract's roles; admin holds every role.</summary>
internal static class Roles
{
    public const string Ingest = "ingest";
    public const string Checkout = "checkout";
    public const string Moderator = "moderator";
    public const string Admin = "admin";

    /// <summary>Moderator and admin keys see what the shadow policy would decide; checkout keys do not.</summary>
    public static bool SeesShadow(System.Security.Claims.ClaimsPrincipal user) => user.IsInRole(Moderator) || user.IsInRole(Admin);

    public static string Brand(string brandId) => $"brand:{brandId}";

    public static bool IsKnown(string role) =>
        role is Ingest or Checkout or Moderator or Admin
        || (role.StartsWith("brand:", StringComparison.Ordinal) && Http.Validation.IsId(role["brand:".Length..]));
}
