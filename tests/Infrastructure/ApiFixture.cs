namespace IpGuard.Tests.Infrastructure;

/// <summary>
/// One embedded api (memory storage) shared by a collection of API tests. The contract variant
/// (<see cref="ContractApiFixture"/>) puts a validating proxy in front of it: every call of the
/// clients goes through Prism, and a call whose request or answer the OpenAPI document does not
/// describe fails (<see cref="OpenApiConformance"/>).
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private readonly bool _validate;
    private ApiServer? _server;
    private PrismProxy? _prism;

    public ApiFixture()
        : this(validate: false)
    {
    }

    protected ApiFixture(bool validate) => _validate = validate;

    public ApiServer Server => _server ?? throw new InvalidOperationException("The api is not started.");

    /// <summary>The OpenAPI document the api served at start, as a file (the contract variant only).</summary>
    public string? DocumentPath { get; private set; }

    /// <summary>What went through the validating proxy (empty without one).</summary>
    public OpenApiTraffic Traffic { get; } = new();

    public HttpClient Admin { get; private set; } = new();
    public HttpClient Ingest { get; private set; } = new();
    public HttpClient Checkout { get; private set; } = new();
    public HttpClient Moderator { get; private set; } = new();
    public HttpClient Anonymous { get; private set; } = new();

    /// <summary>A client of the api sending the given key: through the validating proxy when there is one.</summary>
    public HttpClient Client(string? apiKey = null)
    {
        if (_prism is null)
        {
            return Server.Client(apiKey);
        }

        var client = new HttpClient(new OpenApiConformance(Traffic) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = _prism.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        if (_validate)
        {
            await OpenApiTools.EnsureInstalledAsync();
            using var direct = _server.Client();
            DocumentPath = Path.Combine(Path.GetTempPath(), $"ipguard-openapi-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(DocumentPath, await direct.GetStringAsync("/openapi/v1.json"));
            _prism = await PrismProxy.StartAsync(DocumentPath, _server.BaseAddress);
        }

        Admin = Client("dev-admin");
        Ingest = Client("dev-ingest");
        Checkout = Client("dev-checkout");
        Moderator = Client("dev-moderator");
        Anonymous = Client();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Admin, Ingest, Checkout, Moderator, Anonymous })
        {
            client.Dispose();
        }

        if (_prism is not null)
        {
            await File.WriteAllTextAsync(Artifacts.PathFor("openapi-traffic.txt"),
                $"{Traffic.Calls} calls through prism proxy, {Traffic.Failing} failing violations\n{Traffic.Summary()}\n");
            await _prism.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (DocumentPath is not null)
        {
            File.Delete(DocumentPath);
        }
    }
}

/// <summary>The api behind a validating proxy: the tests of this collection check the OpenAPI document as they go.</summary>
public sealed class ContractApiFixture() : ApiFixture(validate: true);

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

[CollectionDefinition(Name)]
public sealed class ContractCollection : ICollectionFixture<ContractApiFixture>
{
    public const string Name = "api-contract";
}
