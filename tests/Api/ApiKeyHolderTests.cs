using System.Security.Claims;
using IpGuard.Api.Auth;

namespace IpGuard.Tests.Api;

public sealed class ApiKeyHolderTests
{
    [Fact(DisplayName = "A key's claims are made once and shared by every request: each request's identity gets its own copies, so no request can change another's")]
    public void EachIdentityCopiesTheSharedClaims()
    {
        var holder = new ApiKeyHolder(new string('a', 64), [Roles.Checkout, Roles.Moderator]);

        var first = new ClaimsIdentity(holder.Claims, ApiKeyAuthentication.SchemeName);
        var second = new ClaimsIdentity(holder.Claims, ApiKeyAuthentication.SchemeName);
        first.AddClaim(new Claim(ClaimTypes.Role, Roles.Admin));

        Assert.All(first.Claims, c => Assert.Same(first, c.Subject));
        Assert.All(second.Claims, c => Assert.Same(second, c.Subject));
        Assert.DoesNotContain(holder.Claims, c => first.Claims.Contains(c));
        Assert.False(new ClaimsPrincipal(second).IsInRole(Roles.Admin));
        Assert.True(new ClaimsPrincipal(second).IsInRole(Roles.Moderator));
        Assert.Equal("key-aaaaaaaaaaaa", second.FindFirst(Actors.ClaimType)?.Value);
        Assert.All(holder.Claims, c => Assert.Null(c.Subject));
    }
}
