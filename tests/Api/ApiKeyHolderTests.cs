using System.Security.Claims;
using System.Text.Encodings.Web;
using IpGuard.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IpGuard.Tests.Api;

public sealed class ApiKeyHolderTests
{
    [Fact(DisplayName = "Auth: each request gets its own principal and claims, though a key's claims are made once; changing one request's identity leaves the next one's alone")]
    public async Task EachRequestGetsItsOwnPrincipal()
    {
        var store = new ApiKeyStore(Options.Create(new ApiKeyOptions { DevelopmentKeys = true }), null!, TimeProvider.System);
        var holder = await store.FindAsync("dev-moderator");
        Assert.NotNull(holder);

        var first = await AuthenticateAsync(store, "dev-moderator");
        ((ClaimsIdentity)first.Identity!).AddClaim(new Claim(ClaimTypes.Role, Roles.Admin));
        var second = await AuthenticateAsync(store, "dev-moderator");

        Assert.NotSame(first, second);
        Assert.NotSame(first.Identity, second.Identity);
        Assert.True(first.IsInRole(Roles.Admin));
        Assert.False(second.IsInRole(Roles.Admin));
        Assert.True(second.IsInRole(Roles.Moderator));
        Assert.DoesNotContain(second.Claims, c => holder!.Claims.Contains(c) || first.Claims.Contains(c));
        Assert.All(holder!.Claims, c => Assert.Null(c.Subject));
    }

    [Fact(DisplayName = "Auth: minted keys have the shape the store asks storage about; configured-looking and made-up keys do not")]
    public void MintedKeysAreRecognised()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(ApiKeyStore.LooksMinted(ApiKeyStore.NewKey()));
        }

        Assert.False(ApiKeyStore.LooksMinted("dev-admin"));
        Assert.False(ApiKeyStore.LooksMinted("ipg_" + new string('a', 42)));
        Assert.False(ApiKeyStore.LooksMinted("ipg_" + new string('a', 42) + "+"));
        Assert.False(ApiKeyStore.LooksMinted("xyz_" + new string('a', 43)));
    }

    private static async Task<ClaimsPrincipal> AuthenticateAsync(ApiKeyStore store, string key)
    {
        var handler = new ApiKeyAuthentication(new FixedOptions(), NullLoggerFactory.Instance, UrlEncoder.Default, store);
        var context = new DefaultHttpContext();
        context.Request.Headers[ApiKeyAuthentication.Header] = key;
        await handler.InitializeAsync(new AuthenticationScheme(ApiKeyAuthentication.SchemeName, null, typeof(ApiKeyAuthentication)), context);
        var result = await handler.AuthenticateAsync();
        Assert.True(result.Succeeded);
        return result.Principal!;
    }

    private sealed class FixedOptions : IOptionsMonitor<AuthenticationSchemeOptions>
    {
        public AuthenticationSchemeOptions CurrentValue { get; } = new();

        public AuthenticationSchemeOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<AuthenticationSchemeOptions, string?> listener) => null;
    }
}
