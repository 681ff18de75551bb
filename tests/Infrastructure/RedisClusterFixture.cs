using IpGuard.Silo;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace IpGuard.Tests.Infrastructure;

/// <summary>A test cluster whose grain state lives in a real redis-server.</summary>
public sealed class RedisClusterFixture : ClusterFixture
{
    private RedisServer? _redis;

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Redis is not started.");

    protected override string? RedisConnectionString => Redis.ConnectionString;

    /// <summary>
    /// The Redis key of one of a grain's state records, as the storage writes it:
    /// <c>{ServiceId}/state/{grain type}/{key}/{record}</c> (the record is the state's name, or a page's).
    /// </summary>
    public string StateKey(string grainType, string key, string record, string? serviceId = null) =>
        $"{serviceId ?? ServiceId}/state/{grainType}/{key}/{record}";

    /// <summary>
    /// A cluster of its own (<paramref name="serviceId"/>) whose idle grains are collected after
    /// 2 s, swept every second (<c>IpGuard:Collection</c>), for tests that watch things leave memory.
    /// </summary>
    public Task<InProcessTestCluster> StartQuickCollectingClusterAsync(string serviceId)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{IpGuardSilo.CollectionSection}:CollectionAge"] = "00:00:02",
            [$"{IpGuardSilo.CollectionSection}:CollectionQuantum"] = "00:00:01",
        }).Build();
        return StartClusterAsync(silo => silo.AddIpGuardCollection(settings), serviceId);
    }

    public override async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis-cluster";
}
