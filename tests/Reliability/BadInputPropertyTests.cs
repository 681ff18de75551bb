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
/// Properties of the body gate on every write route: a Content-Type is accepted exactly when its
/// media type is application/json or application/*+json (or application/x-ndjson on the batch
/// route) with no charset other than UTF-8, and a body with any byte sequence that is not UTF-8 is
/// refused whole. A refused request answers its 4xx as problem+json and changes nothing; an
/// accepted one is processed.
/// </summary>
public sealed class BadInputPropertyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Batch = "/v1/listings/batch";

    /// <summary>The suite's budget per property; FUZZ_ITERATIONS raises it for a longer run.</summary>
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), out var n) ? n : 250;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _sellerId = Ids.New("bi-seller");
    private readonly string _listingId = Ids.New("bi-listing");
    private readonly string _brandId = Ids.New("bi-brand");
    private ApiServer? _server;
    private HttpClient _admin = new();

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync(settings: new Dictionary<string, string?> { ["IpGuard:RateLimit:PermitsPerSecond"] = "0" });
        _admin = _server.Client("dev-admin");
        await _admin.PutAsync($"/v1/brands/{_brandId}", Json(Bodies.Brand("Badinputa", 100m, restricted: false))).ExpectAsync(HttpStatusCode.OK);
        await _admin.PostAsync("/v1/sellers", Json(Bodies.Seller(_sellerId))).ExpectAsync(HttpStatusCode.OK);
        await _admin.PostAsync("/v1/listings", Json(Bodies.Listing(_listingId, _sellerId, "Badinputa cap", 30m, _brandId))).ExpectAsync(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact(DisplayName = "Property: a write is accepted exactly when its media type is application/json, application/*+json (or x-ndjson on the batch) in UTF-8; otherwise 415 problem+json and no state change")]
    public async Task MediaTypes()
    {
        var routes = Routes();
        var verdicts = new Dictionary<string, int>();
        await Gen.Select(Gen.Int[0, routes.Count - 1], GenMediaType, Gen.Int[0, 1 << 20]).SampleAsync(async t =>
        {
            var (routeIndex, mediaType, salt) = t;
            var before = await SettledSnapshotAsync();
            var route = routes[routeIndex];
            var accept = mediaType.AcceptedOn(route.Path == Batch);
            var ndjson = route.Path == Batch && mediaType.Subtype.Kind == SubtypeKind.Ndjson;
            using var request = route.Request(route.Body(salt, ndjson), mediaType.Text);
            using var response = await _admin.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var what = $"{route.Method} {route.Path} as '{mediaType.Text}' answered {status}: {text}";
            if (accept)
            {
                Assert.True(route.AlwaysAccepted ? status is >= 200 and < 300 : status is not (415 or >= 500), what);
                Assert.True(route.Path != Batch || JsonDocument.Parse(text).RootElement.GetProperty("rejected").GetArrayLength() == 0, what);
            }
            else
            {
                AssertProblem(response, text, 415, what);
                var after = await SnapshotAsync();
                Assert.True(before == after, $"{what} but changed state: {before} -> {after}");
            }

            var key = accept ? "accepted" : "415";
            verdicts[key] = verdicts.GetValueOrDefault(key) + 1;
        }, iter: Iterations, threads: 1);

        output.WriteLine($"media types: {string.Join(", ", verdicts.OrderBy(v => v.Key).Select(v => $"{v.Key}×{v.Value}"))}");
        Assert.True(verdicts.GetValueOrDefault("accepted") > Iterations / 5 && verdicts.GetValueOrDefault("415") > Iterations / 5, "both verdicts were exercised");
    }

    [Fact(DisplayName = "Property: a body with an invalid UTF-8 sequence anywhere (single or batch, JSON or NDJSON) → 400 problem+json naming UTF-8, and no event of it is applied")]
    public async Task InvalidUtf8()
    {
        var routes = Routes();
        var sent = 0;
        await Gen.Select(Gen.Int[0, routes.Count - 1], Gen.Bool, Gen.Int[0, 1 << 20], GenCorruption.Array[1, 3]).SampleAsync(async t =>
        {
            var (routeIndex, ndjsonIfBatch, salt, corruptions) = t;
            var before = await SettledSnapshotAsync();
            var route = routes[routeIndex];
            var ndjson = route.Path == Batch && ndjsonIfBatch;
            var valid = route.Body(salt, ndjson);
            var bytes = Corrupt(valid, corruptions);
            Assert.True(!IsUtf8(bytes), "the generator inserted sequences that are not UTF-8");
            using var request = route.Request(bytes, ndjson ? "application/x-ndjson" : "application/json; charset=utf-8");
            using var response = await _admin.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var what = $"{route.Method} {route.Path} with {string.Join(", ", corruptions.Select(c => c.Describe()))} answered {(int)response.StatusCode}: {text}";
            AssertProblem(response, text, 400, what);
            Assert.Contains("UTF-8", text, StringComparison.Ordinal);
            var after = await SnapshotAsync();
            Assert.True(before == after, $"{what} but changed state");
            sent++;
        }, iter: Iterations, threads: 1);

        // The same bodies uncorrupted are accepted, with or without a UTF-8 byte order mark: the 400 came from the bytes, not the body.
        foreach (var route in routes.Where(r => r.AlwaysAccepted))
        {
            foreach (var (ndjson, bom) in new[] { (false, false), (false, true), (true, false), (true, true) }.Where(c => route.Path == Batch || !c.Item1))
            {
                byte[] body = [.. bom ? Encoding.UTF8.Preamble : [], .. route.Body(1, ndjson)];
                using var request = route.Request(body, ndjson ? "application/x-ndjson" : "application/json; charset=utf-8");
                using var response = await _admin.SendAsync(request);
                Assert.True(response.IsSuccessStatusCode, $"{route.Method} {route.Path} (bom: {bom}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        output.WriteLine($"corrupted bodies sent: {sent}");
        Assert.Equal(Iterations, sent);
    }

    private static void AssertProblem(HttpResponseMessage response, string text, int status, string what)
    {
        Assert.True((int)response.StatusCode == status, what);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", what);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), what);
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>
    /// The snapshot once the writes before have settled: an accepted write may start work that
    /// goes on after its answer (a seller's enforcement reaching its listings from a timer turn),
    /// and a refused request is judged against the state that work leaves. Settled means three
    /// reads in a row alike; it waits at most 10 s.
    /// </summary>
    private async Task<string> SettledSnapshotAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var last = await SnapshotAsync();
        var alike = 1;
        while (alike < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "the state did not settle within 10 s");
            await Task.Delay(20);
            var next = await SnapshotAsync();
            alike = next == last ? alike + 1 : 1;
            last = next;
        }

        return last;
    }

    /// <summary>The state a refused request must not touch: every write below shows in it.</summary>
    private async Task<string> SnapshotAsync()
    {
        var seller = await _admin.GetStringAsync($"/v1/sellers/{_sellerId}/risk");
        var listing = await _admin.GetStringAsync($"/v1/listings/{_listingId}/risk");
        var brand = await _admin.GetStringAsync($"/v1/brands/{_brandId}");
        return seller + listing + brand;
    }

    /// <summary>
    /// The write routes with a valid body each, fresh event ids and a salted title or text so
    /// that an applied write shows in the snapshot. AlwaysAccepted routes answer 2xx to a valid
    /// body; the rest may refuse it on its merits (no such case, a scan of an unknown code).
    /// </summary>
    private List<Route> Routes()
    {
        JsonObject Listing(int salt) => Node(Bodies.Listing(_listingId, _sellerId, $"Badinputa cap ünïcode ✓ {salt}", 30m + (salt % 50), _brandId));
        return
        [
            new("POST", "/v1/sellers", true, salt => Node(Bodies.Seller(_sellerId, country: salt % 2 == 0 ? "NL" : "DE"))),
            new("POST", "/v1/verifications", true, salt => Node(Bodies.Verification(_sellerId, outcome: salt % 2 == 0 ? "passed" : "failed"))),
            new("POST", "/v1/listings", true, Listing),
            new("POST", Batch, true, salt => new JsonArray(Enumerable.Range(0, 1 + (salt % 4)).Select(k => (JsonNode)Listing(salt + k)).ToArray())),
            new("POST", "/v1/reports", false, _ => Node(Bodies.Report(Ids.New("bi-reporter"), _listingId))),
            new("POST", "/v1/transparency/scans", false, _ => Node(new { eventId = Ids.New("ev"), code = $"{_brandId}/0/00000000000000000000000000000000", brandId = _brandId, listingId = _listingId })),
            new("PUT", $"/v1/brands/{_brandId}", true, salt => Node(Bodies.Brand("Badinputa", 100m + (salt % 50), restricted: false))),
            new("POST", $"/v1/brands/{_brandId}/authorized-sellers", true, salt => Node(salt % 2 == 0 ? new { add = new[] { _sellerId } } : (object)new { remove = new[] { _sellerId } })),
            new("POST", $"/v1/brands/{_brandId}/notices", false, _ => Node(new { eventId = Ids.New("ev"), listingIds = new[] { _listingId }, reason = "counterfeit" })),
            new("POST", $"/v1/brands/{_brandId}/codes", true, salt => Node(new { count = 1 + (salt % 3) })),
            new("POST", $"/v1/sellers/{_sellerId}/appeals", false, _ => Node(new { eventId = Ids.New("ev"), statement = "not fake ✓", listingId = _listingId })),
            new("PUT", $"/v1/sellers/{_sellerId}/override", true, salt => Node(new { decision = salt % 2 == 0 ? "monitor" : "allow", reason = $"property {salt}", expiresAt = DateTimeOffset.UtcNow.AddHours(1) })),
            new("POST", "/v1/cases/case-bi-none/resolve", false, _ => Node(new { outcome = "dismissed", note = "property" })),
        ];
    }

    private static JsonObject Node(object body) => JsonNode.Parse(JsonSerializer.Serialize(body, ApiJsonForTests.Options))!.AsObject();

    /// <summary>A write route and a maker of its valid body (a JSON object, or for the batch an array of events).</summary>
    private sealed record Route(string Method, string Path, bool AlwaysAccepted, Func<int, JsonNode> Make)
    {
        /// <summary>
        /// The valid body as UTF-8 bytes, with an unknown property holding non-ASCII text (which
        /// the JSON reader skips without decoding); the batch as a JSON array or as NDJSON.
        /// </summary>
        public byte[] Body(int salt, bool ndjson)
        {
            var node = Make(salt);
            foreach (var item in node is JsonArray array ? array.Select(i => i!.AsObject()) : [node.AsObject()])
            {
                item["note"] = $"ünknown fïeld ✓ 😀 {salt}";
            }

            var options = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            var text = ndjson && node is JsonArray events
                ? string.Join('\n', events.Select(e => e!.ToJsonString(options))) + "\n"
                : node.ToJsonString(options);
            return Encoding.UTF8.GetBytes(text);
        }

        public HttpRequestMessage Request(byte[] body, string contentType)
        {
            var content = new ByteArrayContent(body);
            Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));
            return new HttpRequestMessage(new HttpMethod(Method), Path) { Content = content };
        }
    }

    private enum SubtypeKind
    {
        Json,
        Ndjson,
        Other,
    }

    private enum ParameterKind
    {
        Utf8,
        OtherCharset,
        Neutral,
    }

    private sealed record Subtype(string Text, SubtypeKind Kind);

    private sealed record Parameter(string Text, ParameterKind Kind);

    /// <summary>A generated Content-Type with what the contract says of each of its parts.</summary>
    private sealed record MediaType(string Type, Subtype Subtype, Parameter[] Parameters, string Separator)
    {
        public string Text => Type + "/" + Subtype.Text + string.Concat(Parameters.Select(p => Separator + p.Text));

        public bool AcceptedOn(bool batch) =>
            Type.Equals("application", StringComparison.OrdinalIgnoreCase)
            && (Subtype.Kind == SubtypeKind.Json || (batch && Subtype.Kind == SubtypeKind.Ndjson))
            && Parameters.Count(p => p.Kind != ParameterKind.Neutral) <= 1
            && Parameters.All(p => p.Kind != ParameterKind.OtherCharset);

        public override string ToString() => Text;
    }

    /// <summary>Media types weighted so that about half are acceptable, the rest near misses.</summary>
    private static readonly Gen<MediaType> GenMediaType = Gen.Select(
        Gen.Frequency(
            (6, Gen.OneOf("application", "Application", "APPLICATION")),
            (1, Gen.OneOf("text", "image", "*", "applications", "x-application"))),
        Gen.Frequency(
            (4, Gen.OneOf(
                new Subtype("json", SubtypeKind.Json),
                new Subtype("JSON", SubtypeKind.Json),
                new Subtype("problem+json", SubtypeKind.Json),
                new Subtype("vnd.ipguard.listing+json", SubtypeKind.Json),
                new Subtype("merge-patch+JSON", SubtypeKind.Json))),
            (2, Gen.OneOf(
                new Subtype("x-ndjson", SubtypeKind.Ndjson),
                new Subtype("X-NDJSON", SubtypeKind.Ndjson))),
            (3, Gen.OneOf(
                new Subtype("jsonx", SubtypeKind.Other),
                new Subtype("json+x", SubtypeKind.Other),
                new Subtype("json+jsonx", SubtypeKind.Other),
                new Subtype("x-json", SubtypeKind.Other),
                new Subtype("json5", SubtypeKind.Other),
                new Subtype("jsonl", SubtypeKind.Other),
                new Subtype("json-seq", SubtypeKind.Other),
                new Subtype("ndjson", SubtypeKind.Other),
                new Subtype("x-ndjsonx", SubtypeKind.Other),
                new Subtype("+json", SubtypeKind.Other),
                new Subtype("*+json", SubtypeKind.Other),
                new Subtype("*", SubtypeKind.Other),
                new Subtype("xml", SubtypeKind.Other),
                new Subtype("octet-stream", SubtypeKind.Other)))),
        Gen.Frequency(
            (6, Gen.OneOf(
                new Parameter("charset=utf-8", ParameterKind.Utf8),
                new Parameter("charset=UTF-8", ParameterKind.Utf8),
                new Parameter("charset=\"utf-8\"", ParameterKind.Utf8),
                new Parameter("Charset=Utf-8", ParameterKind.Utf8),
                new Parameter("v=1", ParameterKind.Neutral),
                new Parameter("profile=\"https://ipguard.dev/listing\"", ParameterKind.Neutral),
                new Parameter("q=0.5", ParameterKind.Neutral))),
            (1, Gen.OneOf(
                new Parameter("charset=latin1", ParameterKind.OtherCharset),
                new Parameter("charset=utf-16", ParameterKind.OtherCharset),
                new Parameter("charset=utf8", ParameterKind.OtherCharset),
                new Parameter("charset=us-ascii", ParameterKind.OtherCharset)))).Array[0, 2],
        Gen.OneOf(";", "; ", " ; "),
        (type, subtype, parameters, separator) => new MediaType(type, subtype, parameters, separator));

    /// <summary>Where a corruption goes: anywhere, or inside a string the route reads, or inside the unknown property.</summary>
    private enum Place
    {
        Anywhere,
        InTitleOrFirstString,
        InUnknownProperty,
        InLastLine,
    }

    /// <summary>One byte sequence that is not UTF-8, inserted at a place.</summary>
    private sealed record Corruption(byte[] Bytes, Place Place, int Salt)
    {
        public string Describe() => $"[{Convert.ToHexString(Bytes)}] {Place}";
    }

    private static readonly Gen<Corruption> GenCorruption = Gen.Select(
        Gen.OneOf<byte[]>(
            [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0x81], [0xC3], [0xC3, 0x28], [0xE2, 0x82], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80],
            [0xF0, 0x9F, 0x98], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xFF, 0xFE]),
        Gen.OneOf(Place.Anywhere, Place.InTitleOrFirstString, Place.InUnknownProperty, Place.InLastLine),
        Gen.Int[0, 1 << 20],
        (bytes, place, salt) => new Corruption(bytes, place, salt));

    private static byte[] Corrupt(byte[] body, Corruption[] corruptions)
    {
        var bytes = body.ToList();
        foreach (var c in corruptions)
        {
            var (from, to) = c.Place switch
            {
                Place.InTitleOrFirstString => Inside(bytes, "\"title\":\"") ?? Inside(bytes, ":\"") ?? (0, bytes.Count),
                Place.InUnknownProperty => Inside(bytes, "\"note\":\"") ?? (0, bytes.Count),
                Place.InLastLine => (Math.Max(0, bytes.LastIndexOf((byte)'\n', Math.Max(0, bytes.Count - 2)) + 1), bytes.Count),
                _ => (0, bytes.Count),
            };
            // Between ASCII letters: two corruptions that land side by side (or one inside the
            // other) could otherwise complete each other into valid UTF-8 (E2 82 then 80 is '₀').
            bytes.InsertRange(from + (c.Salt % Math.Max(1, to - from)), [(byte)'x', .. c.Bytes, (byte)'x']);
        }

        return [.. bytes];
    }

    /// <summary>The byte range of the first string value after <paramref name="prefix"/>, or null.</summary>
    private static (int From, int To)? Inside(List<byte> bytes, string prefix)
    {
        var key = Encoding.UTF8.GetBytes(prefix);
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        var at = span.IndexOf(key);
        if (at < 0)
        {
            return null;
        }

        var from = at + key.Length;
        var end = span[from..].IndexOf((byte)'"');
        return (from, from + Math.Max(1, end));
    }
}
