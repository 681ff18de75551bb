using System.Diagnostics;
using System.Net;
using System.Text.Json;
using IpGuard.Tests.Api;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Reliability;

/// <summary>
/// The event log and webhooks across a crash: two silo processes, an api in Client mode, a
/// receiver on loopback; a silo is killed with SIGKILL mid-stream and a fresh one started.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class EventsCrashTests(ITestOutputHelper output)
{
    private const int ListingCount = 240;
    private const int SellerCount = 24;
    private const int Workers = 8;
    private const double KillAt = 0.4;
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SettleBudget = TimeSpan.FromSeconds(90);

    private static readonly Dictionary<string, string> SiloSettings = new()
    {
        ["IpGuard:Membership:ProbeTimeout"] = "00:00:01",
        ["IpGuard:Membership:MinProbeTimeout"] = "00:00:01",
        ["IpGuard:Membership:NumMissedProbesLimit"] = "3",
        ["IpGuard:Webhooks:InitialBackoff"] = "00:00:00.200",
        ["IpGuard:Webhooks:MaxBackoff"] = "00:00:02",
        ["IpGuard:Webhooks:PollInterval"] = "00:00:00.100",
        ["IpGuard:Events:SweepInterval"] = "00:00:01",
    };

    [Fact(DisplayName = "Crash: SIGKILL of a silo mid-stream, then a fresh one: every event in /v1/events reaches the receiver, and each seller's decisions are in the log without a gap, ending at its current decision")]
    public async Task EventsSurviveSiloKill()
    {
        var clock = Stopwatch.StartNew();
        await using var redis = await RedisServer.StartOwnAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (serviceId, clusterId, adminKey) = ($"ipguard-evcrash-{Guid.NewGuid():N}", $"c-{Guid.NewGuid():N}", $"crash-admin-{Guid.NewGuid():N}");
        var run = Guid.NewGuid().ToString("N")[..8];
        var silos = new List<SiloProcess>();
        ApiServer? api = null;
        try
        {
            silos.Add(SiloProcess.Start("a", redis.ConnectionString, serviceId, clusterId, SiloSettings));
            silos.Add(SiloProcess.Start("b", redis.ConnectionString, serviceId, clusterId, SiloSettings));
            await Task.WhenAll(silos.Select(s => s.WaitUntilStartedAsync(StartBudget)));
            api = await ApiServer.StartAsync(redis.ConnectionString, serviceId, new Dictionary<string, string?>
            {
                ["IpGuard:Mode"] = "Client",
                ["IpGuard:Clustering"] = "Redis",
                ["IpGuard:ClusterId"] = clusterId,
                ["IpGuard:ApiKeys:0:Key"] = adminKey,
                ["IpGuard:ApiKeys:0:Roles:0"] = "admin",
            }, builder => builder.Logging.AddFilter("Microsoft.AspNetCore.Diagnostics", LogLevel.None).AddFilter("IpGuard.Api.Failures", LogLevel.None).AddFilter("Orleans", LogLevel.Error));
            using var admin = api.Client(adminKey);
            admin.Timeout = TimeSpan.FromSeconds(5);
            var brandId = $"crash-brand-{run}";
            await RetryAsync(() => admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand("Harrow"))));
            var created = await RetryAsync(() => admin.PostAsync("/v1/webhooks", Json(new { url = receiver.Url, types = new[] { "seller.decision_changed", "listing.status_changed", "case.opened", "case.resolved" } })));
            var secret = created.GetProperty("secret").GetString()!;
            Log(clock, "2 silos, the api and a webhook are up");

            // Listings: counterfeit ones are removed and move their sellers' decisions.
            var acked = 0;
            var killed = new TaskCompletionSource();
            var killer = Task.Run(async () =>
            {
                await killed.Task;
                await silos[0].KillAsync();
                Log(clock, $"silo a killed at {Volatile.Read(ref acked)} acknowledged listings");
                silos.Add(SiloProcess.Start("c", redis.ConnectionString, serviceId, clusterId, SiloSettings));
                await silos[^1].WaitUntilStartedAsync(StartBudget);
                Log(clock, "silo c started");
            });
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < ListingCount; i = Interlocked.Increment(ref next))
                {
                    var title = i % 3 == 0 ? "Harrow coat replica 1:1" : i % 3 == 1 ? "Harrow wool coat" : "Plain linen shirt";
                    var body = Bodies.Listing($"l-{run}-{i}", $"s-{run}-{i % SellerCount}", title, i % 3 == 0 ? 60m : 380m, brandId, eventId: $"e-{run}-{i}");
                    await RetryAsync(() => admin.PostAsync("/v1/listings", Json(body)));
                    if (Interlocked.Increment(ref acked) == (int)(ListingCount * KillAt))
                    {
                        killed.TrySetResult();
                    }
                }
            }));
            await killer;
            Log(clock, "stream acknowledged");

            // The log settles: every seller's last logged decision is its current one (staged events
            // of grains that died are appended by the sweeper or on reactivation).
            var sellers = Enumerable.Range(0, SellerCount).Select(i => $"s-{run}-{i}").ToList();
            var current = new Dictionary<string, string>();
            foreach (var seller in sellers)
            {
                current[seller] = (await RetryAsync(() => admin.GetAsync($"/v1/sellers/{seller}/risk"))).GetProperty("decision").GetString()!;
            }

            var deadline = DateTime.UtcNow + SettleBudget;
            List<JsonElement> log;
            string? problem;
            do
            {
                log = await ReadLogAsync(admin);
                problem = DecisionGap(log, current);
                if (problem is not null)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"the log did not settle within {SettleBudget.TotalSeconds:0} s: {problem}");
                    await Task.Delay(250);
                }
            }
            while (problem is not null);

            var ids = log.Select(e => e.GetProperty("id").GetString()!).ToHashSet();
            Log(clock, $"log settled: {ids.Count} distinct events of {log.Count}, decision chains whole for {SellerCount} sellers");
            await receiver.WaitUntilAsync(r => ids.IsSubsetOf(r.Select(e => e.EventId)), SettleBudget,
                $"every logged event delivered; missing {string.Join(", ", ids.Except(receiver.Received.Select(e => e.EventId)).Take(5))}");
            Assert.All(receiver.Received, e => Assert.True(e.SignedWith(secret), e.EventId));
            foreach (var (subject, order) in EventLog.EventSteps.FirstReceiptOrder(receiver.Received))
            {
                Assert.True(order.SequenceEqual(order.Order()), $"{subject} arrived out of order: {string.Join(",", order)}");
            }

            Log(clock, $"receiver has all {ids.Count} (received {receiver.Received.Count}, {receiver.Received.Count - receiver.Received.Select(e => e.EventId).Distinct().Count()} repeats)");
        }
        catch
        {
            foreach (var silo in silos)
            {
                output.WriteLine($"--- silo {silo.Name} (exited: {silo.HasExited}) ---{Environment.NewLine}{silo.RecentOutput}");
            }

            throw;
        }
        finally
        {
            if (api is not null)
            {
                await api.DisposeAsync();
            }

            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Null when every seller's decisions are in the log as a whole chain: ids 1..n (each once, as
    /// a seller numbers its events), each previousDecision the decision before, the last one the
    /// seller's current decision (or none logged while it is allow); else what is wrong.
    /// </summary>
    private static string? DecisionGap(List<JsonElement> log, Dictionary<string, string> current)
    {
        var bySeller = log.Where(e => e.GetProperty("type").GetString() == "seller.decision_changed")
            .DistinctBy(e => e.GetProperty("id").GetString())
            .GroupBy(e => e.GetProperty("data").GetProperty("sellerId").GetString()!)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => long.Parse(e.GetProperty("id").GetString()!.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToList());
        foreach (var (seller, decision) in current)
        {
            var chain = bySeller.GetValueOrDefault(seller) ?? [];
            string? previous = null;
            for (var i = 0; i < chain.Count; i++)
            {
                var data = chain[i].GetProperty("data");
                if (chain[i].GetProperty("id").GetString() != $"seller:{seller}:{i + 1}")
                {
                    return $"{seller}: event {i + 1} is {chain[i].GetProperty("id").GetString()}";
                }

                var before = data.GetProperty("previousDecision").ValueKind == JsonValueKind.Null ? null : data.GetProperty("previousDecision").GetString();
                if (i > 0 && before != previous)
                {
                    return $"{seller}: event {i + 1} comes from {before}, the one before went to {previous}";
                }

                previous = data.GetProperty("decision").GetString();
            }

            if ((previous ?? "allow") != decision)
            {
                return $"{seller}: last logged decision {previous ?? "none"}, current {decision}";
            }
        }

        return null;
    }

    private static async Task<List<JsonElement>> ReadLogAsync(HttpClient client)
    {
        var items = new List<JsonElement>();
        string? after = null;
        for (var page = 0; page < 1000; page++)
        {
            var body = await RetryAsync(() => client.GetAsync("/v1/events?limit=1000" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}")));
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

    /// <summary>Sends until a 2xx (the same request: writes carry their eventId), within 60 s.</summary>
    private static async Task<JsonElement> RetryAsync(Func<Task<HttpResponseMessage>> send)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await send();
                var text = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
                }

                Assert.True((int)response.StatusCode >= 500, $"refused: {(int)response.StatusCode} {text}");
                last = $"{(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.GetType().Name;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no 2xx within 60 s (last: {last})");
    }

    private void Log(Stopwatch clock, string message) => output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] {message}");
}
