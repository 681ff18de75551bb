using IpGuard.Grains.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>What every listing entry uses, one per silo: its books hand it to their entries rather than each entry holding its own references.</summary>
internal sealed class ListingServices(
    ListingScorer scorer,
    ListingOutbox outbox,
    ListingImages images,
    RegistryCache registry,
    PolicyProvider policies,
    RiskClock clock,
    GrainRefs refs,
    FeedBuffer feed,
    IGrainFactory grains,
    IServiceProvider services)
{
    private IGrainStorage? _storage;

    public ListingScorer Scorer => scorer;

    public ListingOutbox Outbox => outbox;

    public ListingImages Images => images;

    public RegistryCache Registry => registry;

    public PolicyProvider Policies => policies;

    public RiskClock Clock => clock;

    public GrainRefs Refs => refs;

    public FeedBuffer Feed => feed;

    public IGrainFactory Grains => grains;

    /// <summary>Where listings' records are kept: the grains' storage.</summary>
    public IGrainStorage Storage => _storage ??= services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
}
