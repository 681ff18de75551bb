using System.Collections.Concurrent;
using System.Security.Claims;
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

    private const int MaxKeyLength = 256;
    private const int HashLength = 64;
    private const string MintedPrefix = "ipg_";
    private const int MintedLength = 47;
    private static readonly System.Buffers.SearchValues<char> Base64Url =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly Dictionary<string, ApiKeyHolder> _configured = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiKeyHolder>.AlternateLookup<ReadOnlySpan<char>> _configuredByHash;
    private readonly ConcurrentDictionary<string, (ApiKeyHolder? Holder, long Until)> _minted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (ApiKeyHolder? Holder, long Until)>.AlternateLookup<ReadOnlySpan<char>> _mintedByHash;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private int _mintedAdded;

    public ApiKeyStore(IOptions<ApiKeyOptions> options, IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
        foreach (var key in options.Value.ApiKeys.Where(k => !string.IsNullOrEmpty(k.Key)))
        {
            if (key.Key.Length > MaxKeyLength)
            {
                throw new InvalidOperationException($"IpGuard:ApiKeys has a key longer than {MaxKeyLength} characters; no request could present it");
            }

            var unknown = key.Roles.Where(r => !Roles.IsKnown(r)).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException($"IpGuard:ApiKeys has unknown roles: {string.Join(", ", unknown)}");
            }

            var hash = Hash(key.Key);
            _configured[hash] = new ApiKeyHolder(hash, key.Roles);
        }

        if (options.Value.DevelopmentKeys == true)
        {
            foreach (var role in new[] { Roles.Admin, Roles.Ingest, Roles.Checkout, Roles.Moderator, Roles.Events })
            {
                var hash = Hash($"dev-{role}");
                _configured.TryAdd(hash, new ApiKeyHolder(hash, [role]));
            }
        }

        _configuredByHash = _configured.GetAlternateLookup<ReadOnlySpan<char>>();
        _mintedByHash = _minted.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The key's SHA-256 as lower-case hex: what is kept of a key (keys are at most 256 chars).</summary>
    private static string Hash(string key)
    {
        Span<char> hex = stackalloc char[HashLength];
        HashInto(key, hex);
        return new string(hex);
    }

    /// <summary>A new unguessable key: 256 random bits, base64url.</summary>
    public static string NewKey() => "ipg_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Who holds the key (its roles and actor name), or null for an unknown key. A configured key,
    /// or a minted one seen in the last minutes, is found without allocating: the key is hashed
    /// into stack memory and looked up by span.
    /// </summary>
    public ValueTask<ApiKeyHolder?> FindAsync(string key)
    {
        if (key.Length > MaxKeyLength)
        {
            return ValueTask.FromResult<ApiKeyHolder?>(null);
        }

        Span<char> hash = stackalloc char[HashLength];
        HashInto(key, hash);
        if (_configuredByHash.TryGetValue(hash, out var holder))
        {
            return ValueTask.FromResult<ApiKeyHolder?>(holder);
        }

        if (!LooksMinted(key))
        {
            // Not configured, and not of the shape MintAsync makes: unknown without asking storage,
            // so a stream of made-up keys costs a hash each, not a grain call and a cache entry.
            return ValueTask.FromResult<ApiKeyHolder?>(null);
        }

        var now = _time.GetTimestamp();
        if (_mintedByHash.TryGetValue(hash, out var cached) && now < cached.Until)
        {
            return ValueTask.FromResult(cached.Holder);
        }

        return LoadAsync(new string(hash), now);
    }

    /// <summary>The shape of <see cref="NewKey"/>'s keys: "ipg_" and 43 base64url characters.</summary>
    public static bool LooksMinted(string key) =>
        key.Length == MintedLength && key.StartsWith(MintedPrefix, StringComparison.Ordinal) && !key.AsSpan(MintedPrefix.Length).ContainsAnyExcept(Base64Url);

    private async ValueTask<ApiKeyHolder?> LoadAsync(string hash, long now)
    {
        var record = await _grains.GetGrain<IApiKeyGrain>(hash).Get();
        var found = record is null ? null : new ApiKeyHolder(hash, record.Roles);

        // ConcurrentDictionary.Count takes every lock: count additions instead. Clearing drops
        // entries still fresh, which only costs their next request a grain call.
        if (Interlocked.Increment(ref _mintedAdded) > CacheLimit)
        {
            Interlocked.Exchange(ref _mintedAdded, 0);
            _minted.Clear();
        }

        var ttl = found is null ? UnknownTtl : KnownTtl;
        _minted[hash] = (found, now + (long)(ttl.TotalSeconds * _time.TimestampFrequency));
        return found;
    }

    /// <summary>The key's SHA-256 as lower-case hex, written into <paramref name="hex"/> (64 chars).</summary>
    private static void HashInto(string key, Span<char> hex)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(MaxKeyLength)];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], digest);
        CryptographicOperations.ZeroMemory(utf8[..length]);
        Convert.TryToHexStringLower(digest, hex, out _);
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

/// <summary>
/// What an API key may do (its role claims) and the name its actions are recorded under, made once per key (not per
/// request). Only the key's hash went into it.
/// </summary>
internal sealed class ApiKeyHolder
{
    public ApiKeyHolder(string hash, IEnumerable<string> roles)
    {
        Actor = "key-" + hash[..12];
        Claims = [.. roles.Select(r => new Claim(ClaimTypes.Role, r)), new Claim(Actors.ClaimType, Actor)];
    }

    /// <summary>"key-" and the first 12 hex digits of the key's SHA-256: the actor of its actions, and its rate-limit bucket.</summary>
    public string Actor { get; }

    /// <summary>The claims of a principal holding this key. A <see cref="ClaimsIdentity"/> copies the claims it is given, so one set serves every request.</summary>
    public IReadOnlyList<Claim> Claims { get; }
}
