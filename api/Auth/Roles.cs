namespace IpGuard.Api.Auth;

/// <summary>The contract's roles; admin holds every role.</summary>
internal static class Roles
{
    public const string Ingest = "ingest";
    public const string Checkout = "checkout";
    public const string Moderator = "moderator";
    public const string Admin = "admin";

    public static string Brand(string brandId) => $"brand:{brandId}";

    public static bool IsKnown(string role) =>
        role is Ingest or Checkout or Moderator or Admin
        || (role.StartsWith("brand:", StringComparison.Ordinal) && Http.Validation.IsId(role["brand:".Length..]));
}
