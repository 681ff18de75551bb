namespace IpGuard.GrainInterfaces;

/// <summary>A minted API key, keyed by the lower-case hex SHA-256 of the key.</summary>
[Alias("ipguard.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores the key's roles; false if a key with this hash already exists.</summary>
    [Alias("Create")]
    Task<bool> Create(ApiKeyRecord record);

    /// <summary>The key's roles, or null for an unknown key.</summary>
    [Alias("Get"), ReadOnly]
    Task<ApiKeyRecord?> Get();
}
