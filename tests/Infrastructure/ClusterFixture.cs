using IpGuard.Grains;
using IpGuard.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace IpGuard.Tests.Infrastructure;

/// <summary>
/// An in-process Orleans cluster with IpGuard's grains, storage registered under the production
/// name, and a fake clock that tests can move. Storage is in memory unless a Redis is given.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The Redis connection string for grain state, or null for memory storage.</summary>
    protected virtual string? RedisConnectionString => null;

    public string ServiceId { get; protected set; } = $"ipguard-test-{Guid.NewGuid():N}";

    public virtual async Task InitializeAsync()
    {
        _cluster = await StartClusterAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>How many silos the cluster starts with.</summary>
    protected virtual short Silos => 1;

    /// <summary>What this fixture's silos add to the shipped grain services.</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    /// <summary>
    /// Starts a cluster with this fixture's storage and clock, under this fixture's service id or
    /// another. A test that starts clusters beside the fixture's own, which stays up, gives them a
    /// service id of their own: clusters sharing one would share the singletons' records (the brand
    /// registry) while both are alive, which no deployment does. It has this fixture's number of
    /// silos unless <paramref name="silos"/> says otherwise.
    /// </summary>
    public async Task<InProcessTestCluster> StartClusterAsync(Action<ISiloBuilder>? configure = null, string? serviceId = null, short? silos = null)
    {
        var builder = new InProcessTestClusterBuilder(silos ?? Silos);
        builder.Options.ServiceId = serviceId ?? ServiceId;
        builder.Options.ClusterId = $"c-{Guid.NewGuid():N}";
        var redis = RedisConnectionString;
        var clock = new RiskClock(Time);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(clock);
            if (redis is null)
            {
                silo.AddMemoryGrainStorage(StorageNames.Default);
            }
            else
            {
                silo.AddIpGuardRedisStorage(redis);
            }

            silo.Services.AddIpGuardGrainServices();
            ConfigureSilo(silo);
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>A two-silo cluster, for behaviour that must hold across silos.</summary>
public sealed class TwoSiloClusterFixture : ClusterFixture
{
    protected override short Silos => 2;

    /// <summary>
    /// Random placement: Orleans' default weighs each silo's CPU and memory, and on a busy test
    /// machine puts every new grain on the less loaded silo, while these tests need grains on both.
    /// </summary>
    protected override void ConfigureSilo(ISiloBuilder silo) =>
        silo.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
}

[CollectionDefinition(Name)]
public sealed class TwoSiloClusterCollection : ICollectionFixture<TwoSiloClusterFixture>
{
    public const string Name = "two-silo-cluster";
}
