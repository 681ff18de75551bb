namespace IpGuard.GrainInterfaces;

/// <summary>The roles an API key holds; the key itself is never stored, only its SHA-256.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ApiKeyRecord")]
public sealed record ApiKeyRecord(IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);
