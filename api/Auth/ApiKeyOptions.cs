namespace IpGuard.Api.Auth;

/// <summary>One configured API key (<c>IpGuard:ApiKeys:n</c>) and its roles.</summary>
public sealed class ConfiguredApiKey
{
    public string Key { get; set; } = "";

    public List<string> Roles { get; set; } = [];
}

/// <summary>API keys from configuration, and whether the development keys exist.</summary>
public sealed class ApiKeyOptions
{
    public List<ConfiguredApiKey> ApiKeys { get; set; } = [];

    /// <summary>
    /// dev-admin, dev-ingest, dev-checkout and dev-moderator. They exist only in Embedded mode or
    /// the Development environment; false turns them off there too.
    /// </summary>
    public bool? DevelopmentKeys { get; set; }
}
