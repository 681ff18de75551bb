using IpGuard.GrainInterfaces;
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
        services.AddOptions<ObservedPriceOptions>().BindConfiguration(ObservedPriceOptions.Section)
            .Validate(o => o.IsValid(), $"{ObservedPriceOptions.Section}: MaxBrands 1..1000000, SellersPerBrand 3..4096")
            .ValidateOnStart();
        services.TryAddSingleton<ObservedPriceBook>();
        services.AddHostedService<FeedFlusher>();
        services.TryAddSingleton<ShadowTally>();

        // The grains' components that hold no grain's state: one each per silo serves every activation.
        services.TryAddSingleton<ListingScorer>();
        services.TryAddSingleton<ListingOutbox>();
        services.TryAddSingleton<ListingImages>();
        services.TryAddSingleton<ListingServices>();
        services.TryAddSingleton<SellerScorer>();
        services.TryAddSingleton<FingerprintLinker>();
        services.TryAddSingleton<CheckoutBoard>();
        services.TryAddSingleton<ICheckoutReadModel>(sp => sp.GetRequiredService<CheckoutBoard>());
        services.AddHostedService<PolicyFollower>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PolicyStartup>();

        services.AddOptions<EventLogOptions>().BindConfiguration(EventLogOptions.Section)
            .Validate(o => o.IsValid(), $"{EventLogOptions.Section}: Retention above zero, Partitions 1..256, MemoryCapacity at least 1000")
            .ValidateOnStart();
        services.TryAddSingleton<EventMetrics>();
        services.TryAddSingleton<IEventStore, GrainEventStore>();
        services.TryAddSingleton<EventLog>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.IsValid(), $"{WebhookOptions.Section}: Timeout, InitialBackoff, RetryFor and PollInterval above zero, MaxBackoff at least InitialBackoff, Concurrency 1..64")
            .ValidateOnStart();
        services.TryAddSingleton<WebhookSender>();
        AddWebhookClient(services, WebhookSender.Client, publicOnly: false);
        AddWebhookClient(services, WebhookSender.PublicClient, publicOnly: true);
        services.AddHostedService<WebhookStarter>();
        services.AddHostedService<OutboxSweeper>();
        return services;
    }

    /// <summary>
    /// A receiver's redirect is not followed (it could lead a brand's webhook to a private
    /// address); a brand's client connects to public addresses only.
    /// </summary>
    private static void AddWebhookClient(IServiceCollection services, string name, bool publicOnly) =>
        services.AddHttpClient(name)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = publicOnly ? AddressGuard.ConnectPublicOnlyAsync : null,
            });
}
