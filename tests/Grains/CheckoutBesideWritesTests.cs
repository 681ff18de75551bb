using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace IpGuard.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class CheckoutBesideWritesTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact(DisplayName = "Checkout and the seller's risk are answered while the seller's write for an ingested listing is still under way; checkout sees the listing once it is answered")]
    public async Task ReadsDoNotQueueBehindTheSellersWrite()
    {
        var held = new HeldWrites();
        await using var cluster = await fixture.StartClusterAsync(silo => held.Install(silo.Services), $"ipguard-test-{Guid.NewGuid():N}");
        var grains = cluster.Client;
        var sellerId = Ids.New("seller");
        var seller = grains.GetGrain<ISellerGrain>(sellerId);
        await seller.Register(new SellerRegistration(Ids.New("ev"), DateTimeOffset.UtcNow.AddYears(-3), "US", null));

        // The seller's next write waits until released: the listing's ingest is not answered meanwhile.
        held.Hold(sellerId);
        var listingId = Ids.New("listing");
        var ingest = grains.Listing(listingId).Ingest(Events.Listing(sellerId, "Plain cotton t-shirt", 20m));
        Assert.True(await held.Reached.WaitAsync(Bound), "the seller's write never started");

        try
        {
            var during = seller.GetCheckout(new CheckoutQuery(null, null, null));
            Assert.Same(during, await Task.WhenAny(during, Task.Delay(Bound)));
            var answer = await during;
            Assert.Equal(CheckoutOutcome.Allow, answer.Outcome);
            var risk = seller.GetRisk();
            Assert.Same(risk, await Task.WhenAny(risk, Task.Delay(Bound)));
            Assert.Equal(answer.SellerDecision, (await risk)!.Decision);
            Assert.False(ingest.IsCompleted);
        }
        finally
        {
            held.Release();
        }

        Assert.Equal(AckStatus.Applied, (await ingest).Status);
        var after = await seller.GetCheckout(new CheckoutQuery(listingId, null, null));
        Assert.Equal(CheckoutOutcome.Allow, after.Outcome);
        Assert.DoesNotContain("unknown_listing", after.Reasons);
    }

    /// <summary>The silo's state storage, with every write of one grain held until released.</summary>
    private sealed class HeldWrites
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile string? _key;

        public SemaphoreSlim Reached { get; } = new(0);

        public void Hold(string key) => _key = key;

        public void Release()
        {
            _key = null;
            _release.TrySetResult();
        }

        public void Install(IServiceCollection services)
        {
            var original = services.Last(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, StorageNames.Default));
            var factory = original.KeyedImplementationFactory!;
            services.AddKeyedSingleton<IGrainStorage>(StorageNames.Default, (sp, key) => new Storage((IGrainStorage)factory(sp, key), this));
        }

        private async Task BeforeWriteAsync(GrainId grainId)
        {
            if (_key is { } key && grainId.Key.ToString() == key)
            {
                Reached.Release();
                await _release.Task;
            }
        }

        private sealed class Storage(IGrainStorage inner, HeldWrites held) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
        {
            public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

            public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
            {
                await held.BeforeWriteAsync(grainId);
                await inner.WriteStateAsync(stateName, grainId, grainState);
            }

            public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

            public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
        }
    }
}
