using System.Security.Claims;
using IpGuard.Api.Http;

namespace IpGuard.Api.Auth;

/// <summary>
/// Who acts: the X-Actor header (a moderator's name, an id) when the caller sends one, else an
/// identity derived from the API key's hash, never the key itself. It is recorded on claims,
/// resolutions, overrides and the audit timeline.
/// </summary>
internal static class Actors
{
    public const string ClaimType = "ipguard:actor";
    public const string Header = "X-Actor";

    public static string Of(HttpContext context)
    {
        var header = context.Request.Headers[Header].ToString();
        if (Validation.IsId(header))
        {
            return header;
        }

        return context.User.FindFirstValue(ClaimType) ?? "unknown";
    }
}
