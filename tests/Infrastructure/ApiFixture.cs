namespace IpGuard.Tests.Infrastructure;

/// <summary>One embedded api (memory storage) shared by a collection of API tests.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private ApiServer? _server;

    public ApiServer Server => _server ?? throw new InvalidOperationException("The api is not started.");

    public HttpClient Admin { get; private set; } = new();
    public HttpClient Ingest { get; private set; } = new();
    public HttpClient Checkout { get; private set; } = new();
    public HttpClient Moderator { get; private set; } = new();
    public HttpClient Anonymous { get; private set; } = new();

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        Admin = _server.Client("dev-admin");
        Ingest = _server.Client("dev-ingest");
        Checkout = _server.Client("dev-checkout");
        Moderator = _server.Client("dev-moderator");
        Anonymous = _server.Client();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Admin, Ingest, Checkout, Moderator, Anonymous })
        {
            client.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
