using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using IpGuard.Tests.Api;
using IpGuard.Tests.Infrastructure;
using Xunit.Abstractions;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Reliability;

/// <summary>
/// Fuzzes every write route with mutated JSON, wrong types, huge strings, deep nesting, invalid
/// UTF-8, extreme numbers, illegal ids, wrong content types, oversize bodies and huge headers:
/// no answer may be a 5xx, and an answer that refuses the request (4xx) must change nothing.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The fixed budget of the suite's run; FUZZ_ITERATIONS raises it for a longer run.</summary>
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), out var n) ? n : 600;

    private readonly string _sellerId = Ids.New("fz-seller");
    private readonly string _listingId = Ids.New("fz-listing");
    private readonly string _brandId = Ids.New("fz-brand");
    private ApiServer? _server;
    private HttpClient _admin = new();

    private ApiServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync(settings: new Dictionary<string, string?> { ["IpGuard:RateLimit:PermitsPerSecond"] = "0" });
        _admin = _server.Client("dev-admin");
        await _admin.PutAsync($"/v1/brands/{_brandId}", Json(Bodies.Brand("Fuzzora", 100m, restricted: false))).ExpectAsync(HttpStatusCode.OK);
        await _admin.PostAsync("/v1/sellers", Json(Bodies.Seller(_sellerId))).ExpectAsync(HttpStatusCode.OK);
        await _admin.PostAsync("/v1/listings", Json(Bodies.Listing(_listingId, _sellerId, "Fuzzora cap", 30m, _brandId))).ExpectAsync(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact(DisplayName = "Fuzz: mutated requests to every write route never get a 5xx, and a refused request changes no state")]
    public async Task NoServerErrorsAndNoStateChangeOnRefusal()
    {
        var routes = Routes();
        var statuses = new Dictionary<int, int>();
        var before = await SnapshotAsync();
        var tried = 0;
        await Gen.Select(Gen.Int[0, routes.Count - 1], Gen.Int[0, Mutations.Count - 1], Gen.Int[0, 1 << 20])
            .SampleAsync(async t =>
            {
                var (routeIndex, mutationIndex, salt) = t;
                var route = routes[routeIndex];
                using var request = Mutations[mutationIndex].Apply(route, salt);
                using var response = await _admin.SendAsync(request);
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                tried++;
                Assert.True(status < 500, $"{Mutations[mutationIndex].Name} on {route.Method} {route.Path} answered {status}: {await response.Content.ReadAsStringAsync()}");
                var after = await SnapshotAsync();
                if (status >= 400)
                {
                    Assert.True(before == after, $"{Mutations[mutationIndex].Name} on {route.Method} {route.Path} answered {status} but changed state");
                }

                before = after;
            }, iter: Iterations, threads: 1);

        output.WriteLine($"fuzz requests: {tried}; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.Equal(Iterations, tried);
    }

    /// <summary>The state a refused request must not touch.</summary>
    private async Task<string> SnapshotAsync()
    {
        var seller = await _admin.GetStringAsync($"/v1/sellers/{_sellerId}/risk");
        var listing = await _admin.GetStringAsync($"/v1/listings/{_listingId}/risk");
        var brand = await _admin.GetStringAsync($"/v1/brands/{_brandId}");
        return seller + listing + brand;
    }

    private List<Route> Routes() =>
    [
        new("POST", "/v1/sellers", Bodies.Seller(_sellerId)),
        new("POST", "/v1/verifications", Bodies.Verification(_sellerId)),
        new("POST", "/v1/listings", Bodies.Listing(_listingId, _sellerId, "Fuzzora cap", 30m, _brandId)),
        new("POST", "/v1/listings/batch", new[] { Bodies.Listing(_listingId, _sellerId, "Fuzzora cap", 30m, _brandId) }),
        new("POST", "/v1/reports", Bodies.Report("fz-reporter", _listingId)),
        new("POST", "/v1/transparency/scans", new { eventId = "fz-scan", code = $"{_brandId}/0/00000000000000000000000000000000", brandId = _brandId, listingId = _listingId }),
        new("PUT", $"/v1/brands/{_brandId}", Bodies.Brand("Fuzzora", 100m, restricted: false)),
        new("POST", $"/v1/brands/{_brandId}/authorized-sellers", new { add = new[] { _sellerId } }),
        new("POST", $"/v1/brands/{_brandId}/notices", new { eventId = "fz-notice", listingIds = new[] { _listingId }, reason = "counterfeit" }),
        new("POST", $"/v1/brands/{_brandId}/takedowns", new { eventId = "fz-takedown", listingIds = new[] { _listingId }, reason = "counterfeit" }),
        new("POST", $"/v1/brands/{_brandId}/codes", new { count = 2 }),
        new("POST", $"/v1/sellers/{_sellerId}/appeals", new { eventId = "fz-appeal", statement = "not fake", listingId = _listingId }),
        new("PUT", $"/v1/sellers/{_sellerId}/override", new { decision = "monitor", reason = "fuzz", expiresAt = DateTimeOffset.UtcNow.AddHours(1) }),
        new("POST", "/v1/cases/case-fz-none/resolve", new { outcome = "dismissed", note = "fuzz" }),
    ];

    /// <summary>A write route with a valid body to mutate.</summary>
    private sealed record Route(string Method, string Path, object Body)
    {
        public JsonObject Json() => JsonNode.Parse(JsonSerializer.Serialize(Body, ApiJsonForTests.Options)) is JsonObject o
            ? o
            : new JsonObject { ["items"] = JsonNode.Parse(JsonSerializer.Serialize(Body, ApiJsonForTests.Options)) };

        public HttpRequestMessage Request(HttpContent? content, string? path = null) =>
            new(new HttpMethod(Method), path ?? Path) { Content = content };
    }

    /// <summary>One way of breaking a request.</summary>
    private sealed record Mutation(string Name, Func<Route, int, HttpRequestMessage> Apply);

    private static readonly JsonNode?[] Oddities =
    [
        null, JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(1e308), JsonValue.Create(-1e308), JsonValue.Create(long.MaxValue),
        JsonValue.Create(true), new JsonArray(), new JsonObject(), JsonValue.Create(""), JsonValue.Create(new string('x', 200_000)),
        JsonValue.Create("a b c"), JsonValue.Create("\u0000\u0001"), JsonValue.Create("\ud83d\ude00 ünïcode"), JsonValue.Create(new string('9', 400)),
        JsonValue.Create("2026-13-45T99:99:99Z"), JsonValue.Create(0.001m), JsonValue.Create(new string('i', 129)),
    ];

    private static readonly List<Mutation> Mutations =
    [
        new("drop a field", (r, salt) =>
        {
            var body = r.Json();
            var keys = body.Select(p => p.Key).ToList();
            if (keys.Count > 0)
            {
                body.Remove(keys[salt % keys.Count]);
            }

            return r.Request(Content(body.ToJsonString()));
        }),
        new("odd value in a field", (r, salt) =>
        {
            var body = r.Json();
            var keys = body.Select(p => p.Key).ToList();
            if (keys.Count > 0)
            {
                body[keys[salt % keys.Count]] = Oddities[(salt / 7) % Oddities.Length]?.DeepClone();
            }

            return r.Request(Content(body.ToJsonString()));
        }),
        new("odd value nested", (r, salt) =>
        {
            var body = r.Json();
            foreach (var (key, value) in body.ToList())
            {
                if (value is JsonObject inner && inner.Count > 0)
                {
                    inner[inner.Select(p => p.Key).ToList()[salt % inner.Count]] = Oddities[(salt / 3) % Oddities.Length]?.DeepClone();
                }
                else if (value is JsonArray array && array.Count > 0)
                {
                    array[0] = Oddities[(salt / 3) % Oddities.Length]?.DeepClone();
                }
            }

            return r.Request(Content(body.ToJsonString()));
        }),
        new("raw number out of range", (r, salt) =>
        {
            var body = r.Json();
            var keys = body.Select(p => p.Key).ToList();
            var text = body.ToJsonString();
            if (keys.Count > 0)
            {
                body[keys[salt % keys.Count]] = 123456;
                text = body.ToJsonString().Replace("123456", salt % 2 == 0 ? "1e400" : "-99999999999999999999999999999999999", StringComparison.Ordinal);
            }

            return r.Request(Content(text));
        }),
        new("deep nesting", (r, salt) => r.Request(Content(new string('[', 5000 + (salt % 100)) + new string(']', 5000 + (salt % 100))))),
        new("truncated JSON", (r, salt) =>
        {
            var text = r.Json().ToJsonString();
            return r.Request(Content(text[..Math.Max(1, salt % text.Length)]));
        }),
        new("invalid UTF-8", (r, salt) =>
        {
            var bytes = Encoding.UTF8.GetBytes(r.Json().ToJsonString()).ToList();
            bytes.InsertRange(Math.Min(bytes.Count - 1, 2 + (salt % Math.Max(1, bytes.Count - 3))), [0xC3, 0x28, 0xFF, 0xFE]);
            var content = new ByteArrayContent([.. bytes]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return r.Request(content);
        }),
        new("not an object", (r, salt) => r.Request(Content((salt % 4) switch { 0 => "null", 1 => "[]", 2 => "42", _ => "\"text\"" }))),
        new("wrong content type", (r, salt) =>
        {
            var content = new StringContent(r.Json().ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = (salt % 3) switch
            {
                0 => new MediaTypeHeaderValue("text/plain"),
                1 => new MediaTypeHeaderValue("application/xml"),
                _ => null,
            };
            return r.Request(content);
        }),
        new("oversize body", (r, _) =>
        {
            // Expect: 100-continue lets the server refuse on the headers instead of racing the upload.
            var request = r.Request(Content("{\"pad\":\"" + new string('p', 1_100_000) + "\"}"));
            request.Headers.ExpectContinue = true;
            return request;
        }),
        new("huge header", (r, _) =>
        {
            var request = r.Request(Content(r.Json().ToJsonString()));
            request.Headers.TryAddWithoutValidation("X-Padding", new string('h', 40_000));
            return request;
        }),
        new("illegal id in the path", (r, salt) =>
        {
            var path = r.Path.Replace("/v1/brands/", "/v1/brands/%20bad%2F" + salt, StringComparison.Ordinal)
                .Replace("/v1/sellers/", "/v1/sellers/" + new string('s', 200), StringComparison.Ordinal);
            return r.Request(Content(r.Json().ToJsonString()), path);
        }),
    ];

    private static StringContent Content(string text) => new(text, Encoding.UTF8, "application/json");
}

/// <summary>The contract's JSON options for building request bodies in tests (camelCase).</summary>
internal static class ApiJsonForTests
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
