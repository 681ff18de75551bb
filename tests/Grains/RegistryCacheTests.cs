using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IpGuard.Tests.Grains;

public sealed class RegistryCacheTests
{
    [Fact(DisplayName = "Registry cache: a read after a brand change does not join a refresh begun before it, and an older snapshot never replaces a newer one")]
    public async Task ReadAfterAChangeAsksAgain()
    {
        var directory = new HeldDirectory();
        var cache = new RegistryCache(new StringKeyGrains(_ => directory), new RiskClock(new FakeTimeProvider()),
            Options.Create(new RegistryCacheOptions()), NullLogger<RegistryCache>.Instance);

        // A refresh is asked for and still on its way when a brand changes on this silo.
        var before = cache.GetAsync().AsTask();
        Assert.Single(directory.Asked);
        cache.Invalidate();
        var after = cache.GetAsync().AsTask();

        Assert.Equal(2, directory.Asked.Count);
        directory.Asked[1].SetResult(new RegistrySnapshot(2, [Events.Brand("b-new", "Quorra")]));
        Assert.Equal(2, (await after).Version);

        // The first answer, from before the change, comes last.
        directory.Asked[0].SetResult(new RegistrySnapshot(1, []));
        await before;
        Assert.Equal(2, (await cache.GetAsync()).Version);
    }

    /// <summary>A directory whose answers the test gives, one per call, in the order asked.</summary>
    private sealed class HeldDirectory : IBrandDirectoryGrain
    {
        public List<TaskCompletionSource<RegistrySnapshot?>> Asked { get; } = [];

        public Task Upsert(BrandRegistryEntry entry) => throw new NotSupportedException();

        public Task<RegistrySnapshot?> GetSnapshot(long knownVersion)
        {
            var answer = new TaskCompletionSource<RegistrySnapshot?>(TaskCreationOptions.RunContinuationsAsynchronously);
            Asked.Add(answer);
            return answer.Task;
        }
    }
}
