using System.Net;
using IpGuard.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using StackExchange.Redis;

namespace IpGuard.Silo;

/// <summary>The one silo configuration that the silo host and the api's Embedded mode share.</summary>
public static class IpGuardSilo
{
    /// <summary>Binds to Orleans' <see cref="ClusterMembershipOptions"/> (probe timeouts, missed probes, votes).</summary>
    public const string MembershipSection = $"{IpGuardOptions.Section}:Membership";

    /// <summary>
    /// Binds to Orleans' <see cref="GrainCollectionOptions"/>: how long an idle grain stays in
    /// memory (CollectionAge, default 15 min), how often idle grains are swept (CollectionQuantum),
    /// and shedding under memory pressure (EnableActivationSheddingOnMemoryPressure, MemoryUsageLimitPercentage).
    /// </summary>
    public const string CollectionSection = $"{IpGuardOptions.Section}:Collection";

    /// <summary>Configures clustering, grain storage and the grains' services from <c>IpGuard:*</c>.</summary>
    public static ISiloBuilder UseIpGuard(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(IpGuardOptions.Section).Get<IpGuardOptions>() ?? new IpGuardOptions();
        options.Validate();

        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });

        // Liveness tuning, e.g. IpGuard:Membership:ProbeTimeout; unset keys keep Orleans' defaults.
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(MembershipSection));
        silo.AddIpGuardCollection(configuration);

        if (options.UsesRedisClustering)
        {
            silo.UseRedisClustering(options.Redis!);
            silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedIp), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }

        if (options.UsesRedisStorage)
        {
            silo.AddIpGuardRedisStorage(options.Redis!);
            silo.Services.AddSingleton<IEventStore>(new RedisEventStore(options.Redis!, options.ServiceId, appendsWithStateWrites: true));
        }
        else
        {
            // The same binary serializer as Redis: Orleans' default for memory storage is
            // Newtonsoft JSON with type names, which took a quarter of the CPU of ingest.
            silo.AddMemoryGrainStorage(StorageNames.Default, optionsBuilder => optionsBuilder.Configure<IServiceProvider>((memory, services) =>
                memory.GrainStorageSerializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>())));
            silo.Services.AddSingleton(new StorageDurability(StateOutlivesProcess: false));
        }

        silo.Services.AddIpGuardGrainServices();
        if (options.OrleansDashboard)
        {
            // Its history sampling once in 5 s; its OpenTelemetry reader still walks every
            // activation each second, so it is opt-in (IpGuardOptions.OrleansDashboard).
            silo.AddDashboard(dashboard => dashboard.CounterUpdateIntervalMs = 5000);
        }

        return silo;
    }

    /// <summary>Idle-grain collection from <c>IpGuard:Collection:*</c>; unset keys keep Orleans' defaults.</summary>
    public static ISiloBuilder AddIpGuardCollection(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.Configure<GrainCollectionOptions>(configuration.GetSection(CollectionSection));
        return silo;
    }

    /// <summary>
    /// Grain state in Redis (<see cref="RedisStateStorage"/>), written with Orleans' own binary
    /// serializer: compact and fast, tolerant of added fields through explicit [Id]s, and naming
    /// types by their stable [Alias] rather than by CLR name, so a rename does not orphan stored
    /// state. A write appends the events it staged in the same script, when the event log is in
    /// the same Redis (<see cref="RedisEventStore.AppendsWithStateWrites"/>).
    /// </summary>
    public static ISiloBuilder AddIpGuardRedisStorage(this ISiloBuilder silo, string connectionString)
    {
        silo.Services.AddGrainStorage(StorageNames.Default, (services, _) =>
            new RedisStateStorage(connectionString, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, services));
        return silo;
    }

    /// <summary>Joins a cluster as a client: through Redis membership, or the local gateway port.</summary>
    public static IClientBuilder UseIpGuardClient(this IClientBuilder client, IpGuardOptions options)
    {
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });

        if (options.UsesRedisClustering)
        {
            client.UseRedisClustering(options.Redis!);
        }
        else
        {
            client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }

        return client;
    }

    /// <summary>Parses a connection string with settings that keep retrying while Redis is away.</summary>
    public static ConfigurationOptions RedisConfiguration(string connectionString)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        return configuration;
    }
}
