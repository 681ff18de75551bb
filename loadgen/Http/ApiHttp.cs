using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace IpGuard.LoadGen.Http;

/// <summary>The HTTP client of a run, and the few ways the scenarios call the API.</summary>
internal static class ApiHttp
{
    public static readonly MediaTypeHeaderValue Json = new("application/json");
    public static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson");

    /// <summary>
    /// One pooled client per run: a connection per request in flight (HTTP/1.1), no proxy,
    /// no cookies, no decompression, so that the client costs as little as it can.
    /// </summary>
    public static HttpClient Create(Uri target, string apiKey, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = Math.Max(1, connections),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var client = new HttpClient(handler) { BaseAddress = target, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestVersion = HttpVersion.Version11;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return client;
    }

    public static ByteArrayContent Body(ReadOnlySpan<byte> bytes, MediaTypeHeaderValue type)
    {
        var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.ContentType = type;
        return content;
    }

    public static ByteArrayContent Body(object value) => Body(JsonSerializer.SerializeToUtf8Bytes(value, WireJson.Options), Json);

    /// <summary>Sends and reads the whole answer; the status and body as bytes.</summary>
    public static Task<(HttpStatusCode Status, byte[] Body)> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken) =>
        SendAsync(client, new HttpRequestMessage(method, path) { Content = content }, cancellationToken);

    /// <summary>
    /// Sends to an absolute address made once by the caller: the hot loops of the read scenarios
    /// use this, so that the generator does not parse (and join to the base address) a URL per request.
    /// </summary>
    public static Task<(HttpStatusCode Status, byte[] Body)> SendAsync(HttpClient client, HttpMethod method, Uri absolute, CancellationToken cancellationToken) =>
        SendAsync(client, new HttpRequestMessage(method, absolute), cancellationToken);

    private static async Task<(HttpStatusCode Status, byte[] Body)> SendAsync(HttpClient client, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using var request = message;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (response.StatusCode, body);
    }

    /// <summary>Sends, and throws with the problem's text unless the answer is a success.</summary>
    public static async Task<JsonElement> ExpectOkAsync(HttpClient client, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsync(client, method, path, content, cancellationToken);
        if ((int)status is < 200 or > 299)
        {
            throw new ApiException(status, $"{method} {path} answered {(int)status}: {Encoding.UTF8.GetString(body)}");
        }

        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static string Status(HttpStatusCode status) => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A setup call the scenario cannot go on without failed.</summary>
internal sealed class ApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
