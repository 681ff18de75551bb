using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Options;

namespace IpGuard.Api.Auth;

/// <summary>
/// Maps an API key to its roles. Only SHA-256 hashes of keys are held: configured keys are
/// hashed at start, minted keys live in an ApiKey grain under their hash, cached briefly here.
/// </summary>
internal sealed class ApiKeyStore
{
    private const int CacheLimit = 100_000;
    private static readonly TimeSpan KnownTtl = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan UnknownTtl = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, string[]> _configured = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string[]? Roles, long Until)> _minted = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;

    public ApiKeyStore(IOptions<ApiKeyOptions> options, IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
        foreach (var key in options.Value.ApiKeys.Where(k => !string.IsNullOrEmpty(k.Key)))
        {
            var unknown = key.Roles.Where(r => !Roles.IsKnown(r)).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException($"IpGuard:ApiKeys has unknown roles: {string.Join(", ", unknown)}");
            }

            _configured[Hash(key.Key)] = [.. key.Roles];
        }

        if (options.Value.DevelopmentKeys == true)
        {
            foreach (var role in new[] { Roles.Admin, Roles.Ingest, Roles.Checkout, Roles.Moderator })
            {
                _configured.TryAdd(Hash($"dev-{role}"), [role]);
            }
        }
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new unguessable key: 256 random bits, base64url.</summary>
    public static string NewKey() => "ipg_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The key's roles, or null for an unknown key.</summary>
    public async ValueTask<string[]?> FindAsync(string key)
    {
        if (key.Length > 256)
        {
            return null;
        }

        var hash = Hash(key);
        if (_configured.TryGetValue(hash, out var roles))
        {
            return roles;
        }

        var now = _time.GetTimestamp();
        if (_minted.TryGetValue(hash, out var cached) && now < cached.Until)
        {
            return cached.Roles;
        }

        var record = await _grains.GetGrain<IApiKeyGrain>(hash).Get();
        var found = record is null ? null : record.Roles.ToArray();
        if (_minted.Count >= CacheLimit)
        {
            _minted.Clear();
        }

        var ttl = found is null ? UnknownTtl : KnownTtl;
        _minted[hash] = (found, now + (long)(ttl.TotalSeconds * _time.TimestampFrequency));
        return found;
    }

    /// <summary>Mints and stores a key with the given roles; the key is returned once and never stored.</summary>
    public async Task<string> MintAsync(IReadOnlyList<string> roles)
    {
        while (true)
        {
            var key = NewKey();
            if (await _grains.GetGrain<IApiKeyGrain>(Hash(key)).Create(new ApiKeyRecord(roles, _time.GetUtcNow())))
            {
                return key;
            }
        }
    }
}
