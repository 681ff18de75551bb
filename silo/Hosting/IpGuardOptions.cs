namespace IpGuard.Silo;

/// <summary>How an IpGuard process joins its cluster and where state lives (section <c>IpGuard</c>).</summary>
public sealed class IpGuardOptions
{
    public const string Section = "IpGuard";

    /// <summary><c>Embedded</c>: the api hosts a silo; <c>Client</c>: the api joins a cluster as a client.</summary>
    public string Mode { get; set; } = "Embedded";

    /// <summary>A StackExchange.Redis connection string; empty keeps state in memory (development only).</summary>
    public string? Redis { get; set; }

    /// <summary><c>Localhost</c> or <c>Redis</c> (membership in <see cref="Redis"/>).</summary>
    public string Clustering { get; set; } = "Localhost";

    public string ClusterId { get; set; } = "ipguard";

    public string ServiceId { get; set; } = "ipguard";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address this silo advertises to others; loopback unless set.</summary>
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>
    /// The Orleans Dashboard at /orleans (admins), off unless asked for: once added, its fixed
    /// 1 s metrics reader walks every activation whether or not anyone looks, a cost that grows
    /// with the activations and keeps an idle silo busy.
    /// </summary>
    public bool OrleansDashboard { get; set; }

    public bool UsesRedisStorage => !string.IsNullOrWhiteSpace(Redis);

    public bool UsesRedisClustering => string.Equals(Clustering, "Redis", StringComparison.OrdinalIgnoreCase);

    public bool IsClientMode => string.Equals(Mode, "Client", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws with a clear message when the settings cannot work together.</summary>
    public void Validate()
    {
        if (UsesRedisClustering && !UsesRedisStorage)
        {
            throw new InvalidOperationException("IpGuard:Clustering=Redis needs IpGuard:Redis, the Redis connection string.");
        }

        if (!UsesRedisClustering && !string.Equals(Clustering, "Localhost", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"IpGuard:Clustering must be Localhost or Redis, not '{Clustering}'.");
        }

        if (!IsClientMode && !string.Equals(Mode, "Embedded", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"IpGuard:Mode must be Embedded or Client, not '{Mode}'.");
        }
    }
}
