using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using IpGuard.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IpGuard.Tests.Infrastructure;

/// <summary>
/// The real api on a real Kestrel bound to a free loopback port, with its embedded silo on free
/// ports. With a Redis connection string, state is in Redis under <see cref="ServiceId"/>.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app, Uri baseAddress, string serviceId, string clusterId, int gatewayPort)
    {
        _app = app;
        BaseAddress = baseAddress;
        ServiceId = serviceId;
        ClusterId = clusterId;
        GatewayPort = gatewayPort;
    }

    public Uri BaseAddress { get; }

    public string ServiceId { get; }

    public string ClusterId { get; }

    /// <summary>The embedded silo's client gateway, for Orleans clients (the load generator's direct scenario).</summary>
    public int GatewayPort { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiServer> StartAsync(
        string? redis = null,
        string? serviceId = null,
        IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        serviceId ??= $"ipguard-api-test-{Guid.NewGuid():N}";
        var clusterId = $"c-{Guid.NewGuid():N}";
        var gatewayPort = FreePort();
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--environment=Production",
            $"--IpGuard:ServiceId={serviceId}",
            $"--IpGuard:ClusterId={clusterId}",
            $"--IpGuard:SiloPort={FreePort()}",
            $"--IpGuard:GatewayPort={gatewayPort}",
            $"--IpGuard:Redis={redis ?? ""}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            // A later argument wins, so a gateway port given here is the one the silo uses.
            if (key == "IpGuard:GatewayPort" && int.TryParse(value, out var port))
            {
                gatewayPort = port;
            }

            args.Add($"--{key}={value}");
        }

        var app = IpGuardApi.Build([.. args], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiServer(app, new Uri(address), serviceId, clusterId, gatewayPort);
    }

    /// <summary>A client for this server, sending the given API key.</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    private bool _stopped;

    /// <summary>Stops the host as its process would on SIGTERM (what it logs on the way out is part of the test).</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await _app.StopAsync();
        }

        await _app.DisposeAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Small helpers for JSON over HttpClient.</summary>
public static class Http
{
    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static StringContent Raw(string body, string contentType = "application/json") =>
        new(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType));

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> ExpectAsync(this Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a problem+json answer with the status, and returns its body.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.True(body.TryGetProperty("title", out _));
        Assert.True(body.TryGetProperty("type", out _));
        return body;
    }
}
