using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.LoadGen;

/// <summary>One embedded api (memory storage, real Kestrel, silo gateway on a free port) for the load generator's smoke runs.</summary>
public sealed class LoadGenFixture : IAsyncLifetime
{
    private ApiServer? _server;

    public ApiServer Server => _server ?? throw new InvalidOperationException("The api is not started.");

    public string Output { get; } = Path.Combine(Path.GetTempPath(), $"ipguard-loadgen-{Guid.NewGuid():N}");

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Directory.Exists(Output))
        {
            Directory.Delete(Output, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LoadGenCollection : ICollectionFixture<LoadGenFixture>
{
    public const string Name = "loadgen";
}
