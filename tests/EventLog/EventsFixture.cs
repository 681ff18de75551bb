using System.Net;
using System.Text.Json;
using IpGuard.Tests.Api;
using IpGuard.Tests.Infrastructure;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.EventLog;

/// <summary>
/// One api over a real redis-server for the event log and webhook tests, with retries fast
/// enough for a test (from 200 ms, at most 1 s apart) and admin webhooks limited to loopback
/// and example.com.
/// </summary>
public sealed class EventsFixture : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> FastWebhooks = new()
    {
        ["IpGuard:Webhooks:InitialBackoff"] = "00:00:00.200",
        ["IpGuard:Webhooks:MaxBackoff"] = "00:00:01",
        ["IpGuard:Webhooks:PollInterval"] = "00:00:00.100",
        ["IpGuard:Events:SweepInterval"] = "00:00:01",
        ["IpGuard:Webhooks:AllowedHosts:0"] = "127.0.0.1",
        ["IpGuard:Webhooks:AllowedHosts:1"] = "*.example.com",
    };

    private RedisServer? _redis;
    private ApiServer? _api;

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("not started");

    public ApiServer Api => _api ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _api = await ApiServer.StartAsync(_redis.ConnectionString, settings: FastWebhooks);
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

/// <summary>Helpers the event tests share.</summary>
internal static class EventSteps
{
    /// <summary>Every event of the log the key may see, oldest first, by following next to the end.</summary>
    public static async Task<List<JsonElement>> ReadAllAsync(HttpClient client, string query = "", int limit = 1000)
    {
        var items = new List<JsonElement>();
        string? after = null;
        for (var page = 0; page < 10_000; page++)
        {
            var url = $"/v1/events?limit={limit}{query}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
            var body = await client.GetAsync(url).ExpectAsync(HttpStatusCode.OK);
            var got = body.GetProperty("items").EnumerateArray().ToList();
            items.AddRange(got);
            after = body.GetProperty("next").GetString();
            if (got.Count == 0)
            {
                return items;
            }
        }

        throw new InvalidOperationException("the log did not end");
    }

    /// <summary>Registers an admin webhook; returns its id and secret.</summary>
    public static async Task<(string Id, string Secret)> RegisterAsync(HttpClient admin, string url, params string[] types)
    {
        var created = await admin.PostAsync("/v1/webhooks", Json(new { url, types })).ExpectAsync(HttpStatusCode.Created);
        return (created.GetProperty("webhookId").GetString()!, created.GetProperty("secret").GetString()!);
    }

    /// <summary>Moves a seller's decision back and forth with overrides: two decision changes a round.</summary>
    public static async Task FlipDecisionAsync(HttpClient moderator, string sellerId, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            await moderator.PutAsync($"/v1/sellers/{sellerId}/override",
                Json(new { decision = "suspend", reason = "test", expiresAt = DateTimeOffset.UtcNow.AddDays(1) })).ExpectAsync(HttpStatusCode.OK);
            await moderator.DeleteAsync($"/v1/sellers/{sellerId}/override").ExpectAsync(HttpStatusCode.OK);
        }
    }

    public static async Task NewSellerAsync(HttpClient ingest, string sellerId) =>
        await ingest.PostAsync("/v1/sellers", Json(Bodies.Seller(sellerId))).ExpectAsync(HttpStatusCode.OK);

    /// <summary>Per subject, the sequence numbers in the order first received (repeats dropped).</summary>
    public static Dictionary<string, List<long>> FirstReceiptOrder(IEnumerable<ReceivedEvent> received)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var e in received.Where(e => seen.Add(e.EventId)))
        {
            var (subject, seq) = e.SubjectSeq();
            (order.TryGetValue(subject, out var list) ? list : order[subject] = []).Add(seq);
        }

        return order;
    }
}
