using IpGuard.Grains.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IpGuard.Grains;

/// <summary>The services IpGuard's grains need in a silo: policy, registry copy, clock, image evidence.</summary>
public static class GrainServices
{
    public const string PolicyFileKey = "IpGuard:PolicyFile";

    public static IServiceCollection AddIpGuardGrainServices(this IServiceCollection services)
    {
        // IpGuard:PolicyFile names a policy document (a fitted candidate, say) that replaces IpGuard:Policy.
        services.AddOptions<RiskPolicy>().BindConfiguration(RiskPolicy.Section)
            .Configure<IConfiguration>((policy, configuration) =>
            {
                if (configuration[PolicyFileKey] is { Length: > 0 } file)
                {
                    PolicyDocument.CopyTo(PolicyDocument.Read(File.ReadAllText(file)), policy);
                }
            });
        services.AddOptions<RegistryCacheOptions>().BindConfiguration("IpGuard:Registry");
        services.TryAddSingleton(RiskClock.System);
        services.TryAddSingleton<PolicyProvider>();
        services.TryAddSingleton<RegistryCache>();
        services.TryAddSingleton<FeedBuffer>();
        services.TryAddSingleton<GrainRefs>();
        services.AddOptions<ImageEvidenceOptions>().BindConfiguration(ImageEvidenceOptions.Section)
            .Validate(o => o.IsValid(), $"{ImageEvidenceOptions.Section}: ShardCapacity 16..1000000, FlushInterval and CallTimeout above zero, StockSellers 1..{ImageShardIndex.KeptSellers - 2}")
            .ValidateOnStart();
        services.TryAddSingleton<ImageEvidenceService>();
        services.AddHostedService<FeedFlusher>();
        services.TryAddSingleton<ShadowTally>();
        services.AddHostedService<PolicyFollower>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PolicyStartup>();
        return services;
    }
}
