using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using IpGuard.Tests.Api;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Reliability;

/// <summary>Tests that start silo processes and kill them: run alone, so that probe timings hold.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "reliability";
}

/// <summary>
/// A cluster of two silo processes with Redis membership and state, an api in Client mode, and a
/// stream of listing events through it; one silo is killed with SIGKILL mid-stream.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int ListingCount = 300;
    private const int Rounds = 10;
    private const int SellerCount = 30;
    private const int Workers = 16;
    private const double KillAt = 0.4;

    private static readonly string[] BrandNames = ["Harrow", "Velmar", "Lumora"];
    private static readonly TimeSpan EventBudget = TimeSpan.FromSeconds(40);

    /// <summary>
    /// How long one attempt may take. A request in flight to the killed silo is never answered:
    /// the api would answer 503 only after Orleans' 30 s response timeout, so the client gives up
    /// sooner and retries with the same eventId, as an ingest client would.
    /// </summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Faster failure detection than Orleans' defaults (ProbeTimeout 5 s, MinProbeTimeout 2.5 s): a killed
    /// silo is declared dead after three refused 1 s probes, about 3 s, while a busy machine is still tolerated.
    /// </summary>
    private static readonly Dictionary<string, string> Membership = new()
    {
        ["IpGuard:Membership:ProbeTimeout"] = "00:00:01",
        ["IpGuard:Membership:MinProbeTimeout"] = "00:00:01",
        ["IpGuard:Membership:NumMissedProbesLimit"] = "3",
    };

    [Fact(DisplayName = "Crash: SIGKILL of one of two silo processes mid-stream loses no acknowledged listing event, counts none twice, leaves listing, seller and brand agreeing, and a full restart shows the same state")]
    public async Task SiloKilledMidStream()
    {
        var clock = Stopwatch.StartNew();
        await using var redis = await RedisServer.StartOwnAsync();
        var serviceId = $"ipguard-crash-{Guid.NewGuid():N}";
        var clusterId = $"c-{Guid.NewGuid():N}";
        var adminKey = $"crash-admin-{Guid.NewGuid():N}";
        var run = new Run(Guid.NewGuid().ToString("N")[..8]);
        var silos = new List<SiloProcess>();
        ApiServer? api = null;
        try
        {
            silos.Add(SiloProcess.Start("a", redis.ConnectionString, serviceId, clusterId, Membership));
            silos.Add(SiloProcess.Start("b", redis.ConnectionString, serviceId, clusterId, Membership));
            await Task.WhenAll(silos.Select(s => s.WaitUntilStartedAsync(StartBudget)));
            api = await StartApiAsync(redis.ConnectionString, serviceId, clusterId, adminKey);
            using var admin = Client(api, adminKey);
            await WaitUntilReadyAsync(admin);
            Log(clock, $"2 silos (ports {silos[0].SiloPort}, {silos[1].SiloPort}) and the api are up");

            await RegisterAsync(admin, run);
            var victim = silos[0];
            var stream = new EventStream(run, clock);
            using var prober = Client(api, adminKey);
            prober.Timeout = TimeSpan.FromSeconds(1);
            var killer = Task.Run(async () =>
            {
                await stream.KillPoint.Task;
                stream.MarkKilled();
                await victim.KillAsync();
                return await ProbeSellersAsync(prober, run, clock, stream.KilledAt!.Value);
            });
            await stream.RunAsync(admin);
            Assert.True(stream.KillPoint.Task.IsCompleted, "the stream never reached the kill point");
            var recovery = await killer;
            Log(clock, $"stream done: {stream.Report()}");
            Log(clock, $"readable again: {recovery}");
            foreach (var incident in stream.Incidents.Take(40))
            {
                output.WriteLine($"  {incident}");
            }

            Assert.True(victim.HasExited, "the victim silo was killed");
            Assert.True(stream.Rejected.IsEmpty, $"events refused for good: {string.Join("; ", stream.Rejected.Take(5))}");
            Assert.True(stream.Unacknowledged == 0, $"{stream.Unacknowledged} events never acknowledged within {EventBudget.TotalSeconds:0} s each");

            var before = await VerifyAsync(admin, run, stream, "after the kill");
            Log(clock, "state verified after the kill");

            // A full restart: the api and the surviving silo stop; a fresh silo and api start on the same Redis and ServiceId.
            await api.DisposeAsync();
            api = null;
            Log(clock, "api stopped");
            await silos[1].StopAsync(TimeSpan.FromSeconds(30));
            Log(clock, "surviving silo stopped");
            silos.Add(SiloProcess.Start("c", redis.ConnectionString, serviceId, clusterId, Membership));
            await silos[2].WaitUntilStartedAsync(StartBudget);
            api = await StartApiAsync(redis.ConnectionString, serviceId, clusterId, adminKey);
            using var restarted = Client(api, adminKey);
            await WaitUntilReadyAsync(restarted);
            Log(clock, "restarted: a fresh silo and api");

            var after = await VerifyAsync(restarted, run, stream, "after the restart");
            Assert.Equal(before.Count, after.Count);
            foreach (var (key, value) in before)
            {
                Assert.True(after.TryGetValue(key, out var again) && again == value, $"{key}: before the restart {value}, after it {again}");
            }

            Log(clock, $"same state after the restart ({after.Count} entities); total {clock.Elapsed.TotalSeconds:0.0} s");
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

    private static Task<ApiServer> StartApiAsync(string redis, string serviceId, string clusterId, string adminKey) =>
        ApiServer.StartAsync(redis, serviceId, new Dictionary<string, string?>
        {
            ["IpGuard:Mode"] = "Client",
            ["IpGuard:Clustering"] = "Redis",
            ["IpGuard:ClusterId"] = clusterId,
            ["IpGuard:ApiKeys:0:Key"] = adminKey,
            ["IpGuard:ApiKeys:0:Roles:0"] = "admin",
        },
        // The 503s and lost connections of a crash are expected here; the test reports its own figures.
        builder => builder.Logging
            .AddFilter("Microsoft.AspNetCore.Diagnostics", LogLevel.None)
            .AddFilter("IpGuard.Api.Failures", LogLevel.None)
            .AddFilter("Orleans", LogLevel.Error));

    private static HttpClient Client(ApiServer api, string key)
    {
        var client = api.Client(key);
        client.Timeout = AttemptTimeout;
        return client;
    }

    private static async Task WaitUntilReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = await response.Content.ReadAsStringAsync();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"/health/ready did not answer 200 within 30 s: {last}");
    }

    /// <summary>
    /// From the kill on, reads every seller over and over (a sweep is all of them, 1 s each at most) until
    /// a whole sweep answers 200: the sellers that failed had their grains on the killed silo.
    /// </summary>
    private static async Task<string> ProbeSellersAsync(HttpClient client, Run run, Stopwatch clock, TimeSpan killedAt)
    {
        var failed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var deadline = killedAt + TimeSpan.FromSeconds(30);
        while (clock.Elapsed < deadline)
        {
            var ok = 0;
            await Parallel.ForEachAsync(run.Sellers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (sellerId, _) =>
            {
                try
                {
                    using var response = await client.GetAsync($"/v1/sellers/{sellerId}/risk");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref ok);
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }

                failed[sellerId] = true;
            });
            if (ok == run.Sellers.Count)
            {
                return $"every seller answered {(clock.Elapsed - killedAt).TotalSeconds:0.00} s after the kill ({failed.Count} of {run.Sellers.Count} had failed to since)";
            }

            await Task.Delay(100);
        }

        return $"not every seller answered within 30 s of the kill ({failed.Count} failed)";
    }

    private static async Task RegisterAsync(HttpClient admin, Run run)
    {
        foreach (var (brandId, name) in run.Brands)
        {
            await Retry.SendAsync(() => admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand(name))));
        }

        await Parallel.ForEachAsync(run.Sellers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (sellerId, _) =>
        {
            // A device of its own: sellers sharing one are linked, and linked sellers suspended at about the same
            // time now wait on each other's OnLinkedEnforcement until Orleans' 30 s timeout. This test is about crashes.
            var body = new { eventId = $"{sellerId}-register", sellerId, country = "NL", fingerprints = new { deviceId = $"{sellerId}-device" } };
            await Retry.SendAsync(() => admin.PostAsync("/v1/sellers", Json(body)));
        });
    }

    /// <summary>
    /// Checks every acknowledged listing against its last acknowledgement, and each seller's and
    /// brand's counts against the listings (and their statuses) that were acknowledged; returns a
    /// canonical snapshot of what was checked.
    /// </summary>
    private async Task<Dictionary<string, string>> VerifyAsync(HttpClient client, Run run, EventStream stream, string when)
    {
        var snapshot = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var lost = new ConcurrentBag<string>();
        var doubled = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<string, (string Status, string? RemovedBy)>(StringComparer.Ordinal);
        var followedTotal = 0;

        await Parallel.ForEachAsync(stream.Acked, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (entry, _) =>
        {
            var (listingId, ack) = (entry.Key, entry.Value);
            var listing = await Retry.GetAsync(client, $"/v1/listings/{listingId}/risk");
            if (listing is not { } l)
            {
                lost.Add($"listing {listingId} is missing");
                return;
            }

            var status = l.GetProperty("status").GetString()!;
            var removedBy = l.TryGetProperty("removal", out var removal) && removal.ValueKind == JsonValueKind.Object ? removal.GetProperty("by").GetString() : null;
            // A seller's enforcement may take a listing off sale after its last acknowledgement
            // (a later event raised the seller): that is the listing as acknowledged, followed.
            var bySeller = removedBy == "proactive" && removal.GetProperty("reason").GetString() is { } reason && reason.StartsWith("seller ", StringComparison.Ordinal);
            var followed = bySeller && ack.Status is "active" or "flagged" ? ack.Status : status;
            if (bySeller)
            {
                Interlocked.Increment(ref followedTotal);
            }

            var actual = $"{l.GetProperty("title").GetString()}|{l.GetProperty("price").GetProperty("amount").GetDecimal()}|{followed}|{l.GetProperty("score").GetInt32()}|{l.GetProperty("sellerId").GetString()}|{l.GetProperty("brandId").GetString()}";
            var expected = $"{ack.Title}|{ack.Amount}|{ack.Status}|{ack.Score}|{ack.SellerId}|{ack.BrandId}";
            if (actual != expected)
            {
                lost.Add($"listing {listingId}: acknowledged {expected}, stored {actual}");
            }

            statuses[listingId] = (status, removedBy);
            snapshot[$"listing {listingId}"] = actual;
        });

        await Parallel.ForEachAsync(run.Sellers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (sellerId, _) =>
        {
            var mine = stream.Acked.Where(a => a.Value.SellerId == sellerId).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            var active = mine.Count(l => statuses.TryGetValue(l, out var s) && s.Status is "active" or "flagged");
            var removed = mine.Count(l => statuses.TryGetValue(l, out var s) && s.Status == "removed");
            var risk = await Retry.GetAsync(client, $"/v1/sellers/{sellerId}/risk");
            var dossier = await Retry.GetAsync(client, $"/v1/sellers/{sellerId}/dossier");
            if (risk is not { } r || dossier is not { } d)
            {
                lost.Add($"seller {sellerId} is missing");
                return;
            }

            var counts = r.GetProperty("counts");
            Compare($"seller {sellerId} counts.listings", mine.Count, counts.GetProperty("listings").GetInt32(), lost, doubled);
            Compare($"seller {sellerId} counts.activeListings", active, counts.GetProperty("activeListings").GetInt32(), lost, doubled);
            Compare($"seller {sellerId} counts.removedListings", removed, counts.GetProperty("removedListings").GetInt32(), lost, doubled);

            var listed = d.GetProperty("listings").EnumerateArray().Select(x => x.GetProperty("listingId").GetString()!).ToList();
            foreach (var listingId in mine.Where(l => !listed.Contains(l)))
            {
                lost.Add($"seller {sellerId}'s dossier lacks listing {listingId}");
            }

            foreach (var extra in listed.GroupBy(l => l).Where(g => g.Count() > 1 || !mine.Contains(g.Key)))
            {
                doubled.Add($"seller {sellerId}'s dossier lists {extra.Key} {extra.Count()} time(s), acknowledged {(mine.Contains(extra.Key) ? 1 : 0)}");
            }

            snapshot[$"seller {sellerId}"] = $"{counts.GetProperty("listings").GetInt32()}|{counts.GetProperty("activeListings").GetInt32()}|{counts.GetProperty("removedListings").GetInt32()}|{string.Join(",", listed.Order(StringComparer.Ordinal))}";
        });

        foreach (var (brandId, _) in run.Brands)
        {
            var mine = stream.Acked.Where(a => a.Value.BrandId == brandId).Select(a => a.Key).ToList();
            var removed = mine.Count(l => statuses.TryGetValue(l, out var s) && s.Status == "removed");
            var proactive = mine.Count(l => statuses.TryGetValue(l, out var s) && s.Status == "removed" && s.RemovedBy == "proactive");
            if (await Retry.GetAsync(client, $"/v1/brands/{brandId}") is not { } brand)
            {
                lost.Add($"brand {brandId} is missing");
                continue;
            }

            var stats = brand.GetProperty("stats");
            Compare($"brand {brandId} stats.listingsSeen", mine.Count, stats.GetProperty("listingsSeen").GetInt32(), lost, doubled);
            Compare($"brand {brandId} stats.listingsRemoved", removed, stats.GetProperty("listingsRemoved").GetInt32(), lost, doubled);
            Compare($"brand {brandId} stats.proactiveRemovals", proactive, stats.GetProperty("proactiveRemovals").GetInt32(), lost, doubled);
            snapshot[$"brand {brandId}"] = stats.GetRawText();
        }

        var removedTotal = statuses.Values.Count(s => s.Status == "removed");
        var flaggedTotal = statuses.Values.Count(s => s.Status == "flagged");
        output.WriteLine($"[{when}] listings checked {statuses.Count} (removed {removedTotal}, of which {followedTotal} by their seller's enforcement, flagged {flaggedTotal}); lost {lost.Count}, doubled {doubled.Count}");
        foreach (var problem in lost.Concat(doubled).Take(20))
        {
            output.WriteLine($"  {problem}");
        }

        Assert.True(lost.IsEmpty && doubled.IsEmpty, $"{when}: {lost.Count} lost, {doubled.Count} doubled; first: {lost.Concat(doubled).FirstOrDefault()}");
        Assert.True(removedTotal > followedTotal && flaggedTotal + followedTotal > 0, "the stream should have removed some listings and flagged others (or taken them off sale with their seller)");
        return new Dictionary<string, string>(snapshot, StringComparer.Ordinal);
    }

    private static void Compare(string what, int expected, int actual, ConcurrentBag<string> lost, ConcurrentBag<string> doubled)
    {
        if (actual < expected)
        {
            lost.Add($"{what}: {actual}, expected {expected}");
        }
        else if (actual > expected)
        {
            doubled.Add($"{what}: {actual}, expected {expected}");
        }
    }

    private void Log(Stopwatch clock, string message) => output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] {message}");

    /// <summary>This run's ids: brands, sellers and listings that no other run shares.</summary>
    private sealed class Run(string tag)
    {
        public IReadOnlyList<(string Id, string Name)> Brands { get; } = [.. BrandNames.Select(n => ($"crash-{tag}-{n.ToLowerInvariant()}", n))];

        public IReadOnlyList<string> Sellers { get; } = [.. Enumerable.Range(0, SellerCount).Select(i => $"crash-{tag}-s{i}")];

        public string ListingId(int i) => $"crash-{Tag}-l{i}";

        public string Tag { get; } = tag;

        public string SellerOf(int i) => Sellers[i % SellerCount];

        public (string Id, string Name) BrandOf(int i) => Brands[i / SellerCount % Brands.Count];
    }

    /// <summary>What the api acknowledged last for a listing.</summary>
    private sealed record Ack(string SellerId, string BrandId, string Title, decimal Amount, string Status, int Score);

    /// <summary>
    /// Streams <see cref="Rounds"/> events for each of <see cref="ListingCount"/> listings, one in
    /// flight per listing, through <see cref="Workers"/> workers; each event is retried with the same
    /// eventId until acknowledged. <see cref="KillPoint"/> fires once <see cref="KillAt"/> of them are.
    /// </summary>
    private sealed class EventStream(Run run, Stopwatch clock)
    {
        private const int Total = ListingCount * Rounds;
        private long _acknowledged;
        private long _duplicates;
        private long _failedAttempts;
        private long _failedAfterKill;
        private long _unacknowledged;
        private long _firstAckAfterKillTicks = long.MaxValue;
        private long _firstRecoveredAckTicks = long.MaxValue;
        private long _lastFailureTicks;
        private long _unanswered;
        private long _lastUnansweredSentTicks = long.MinValue;
        private long _killedAtTicks;

        public TaskCompletionSource KillPoint { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When the victim was killed, on the test's clock; null before.</summary>
        public TimeSpan? KilledAt => Interlocked.Read(ref _killedAtTicks) is var t and > 0 ? TimeSpan.FromTicks(t) : null;

        public void MarkKilled() => Interlocked.Exchange(ref _killedAtTicks, clock.Elapsed.Ticks);

        public ConcurrentDictionary<string, Ack> Acked { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Rejected { get; } = new();

        /// <summary>Failed attempts, and attempts acknowledged only after 2 s, in order.</summary>
        public ConcurrentQueue<string> Incidents { get; } = new();

        public ConcurrentDictionary<int, int> FailureStatuses { get; } = new();

        /// <summary>Acknowledgements per second after the kill (second 0 is the kill's).</summary>
        public ConcurrentDictionary<int, int> AcksAfterKill { get; } = new();

        public long Unacknowledged => Interlocked.Read(ref _unacknowledged);

        public Task RunAsync(HttpClient client) =>
            Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(client, w))));

        public string Report()
        {
            var killed = KilledAt ?? TimeSpan.Zero;
            string Since(long ticks) => ticks is long.MaxValue or long.MinValue or 0 ? "n/a" : $"{(TimeSpan.FromTicks(ticks) - killed).TotalSeconds:0.00} s";
            return $"events {Total}, acknowledged {_acknowledged} (of which {_duplicates} answered duplicate: applied before an attempt failed, not applied again), unacknowledged {_unacknowledged}, " +
                $"failed attempts {_failedAttempts} ({_failedAfterKill} after the kill, {_unanswered} of them never answered, the last of those sent {Since(_lastUnansweredSentTicks)} after the kill; statuses {string.Join(", ", FailureStatuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "transport" : s.Key.ToString(CultureInfo.InvariantCulture))}×{s.Value}"))}); " +
                $"killed at {killed.TotalSeconds:0.00} s; from the kill to the first ack of a request sent after it {Since(_firstAckAfterKillTicks)}, " +
                $"to the first ack of an event that had failed after it (its grains reactivated on the survivor) {Since(_firstRecoveredAckTicks)}, to the last failure {Since(_lastFailureTicks)}; " +
                $"acks per second after the kill [{string.Join(" ", Enumerable.Range(0, AcksAfterKill.IsEmpty ? 0 : AcksAfterKill.Keys.Max() + 1).Select(k => AcksAfterKill.GetValueOrDefault(k)))}]";
        }

        private async Task WorkAsync(HttpClient client, int worker)
        {
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = worker; i < ListingCount; i += Workers)
                {
                    await SendAsync(client, i, round);
                }
            }
        }

        private async Task SendAsync(HttpClient client, int i, int round)
        {
            var listingId = run.ListingId(i);
            var sellerId = run.SellerOf(i);
            var (brandId, brandName) = run.BrandOf(i);

            // Every tenth listing (from i = 3) turns into a "dupe" (a word honest titles use too, so weighed
            // below "replica") from round 6 on: flagged, and a review case opens.
            // Every tenth (from i = 7) is a cheap 1:1 replica in round 4 only: removed proactively, for good.
            var title = $"{brandName} tote bag {i} edition {round}";
            var amount = 380m + round;
            if (i % 10 == 3 && round >= 6)
            {
                title += " dupe";
            }
            else if (i % 10 == 7 && round == 4)
            {
                title += " replica 1:1";
                amount = 90m;
            }

            var body = Bodies.Listing(listingId, sellerId, title, amount, brandId, eventId: $"{listingId}-r{round}");
            var deadline = clock.Elapsed + EventBudget;
            var failedAfterKill = false;
            var delay = 50;
            while (true)
            {
                var sentAt = clock.Elapsed;
                var status = 0;
                try
                {
                    using var response = await client.PostAsync("/v1/listings", Json(body));
                    status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        if (clock.Elapsed - sentAt > TimeSpan.FromSeconds(2))
                        {
                            Note(listingId, round, sentAt, "acknowledged");
                        }

                        var answer = await response.ReadJsonAsync();
                        Acknowledged(listingId, new Ack(sellerId, brandId, title, amount, answer.GetProperty("status").GetString()!, answer.GetProperty("score").GetInt32()),
                            answer.GetProperty("duplicate").GetBoolean(), sentAt, failedAfterKill);
                        return;
                    }

                    if (status is >= 400 and < 500 and not 408 and not 429)
                    {
                        // The request itself is refused (a 409 would mean the same eventId met another body): no retry can help.
                        Rejected.Enqueue($"{listingId} round {round}: {status} {await response.Content.ReadAsStringAsync()}");
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                }

                failedAfterKill |= Failed(status, sentAt);
                Note(listingId, round, sentAt, status == 0 ? "failed: no answer" : $"failed: {status}");
                if (clock.Elapsed > deadline)
                {
                    Interlocked.Increment(ref _unacknowledged);
                    return;
                }

                await Task.Delay(delay);
                delay = Math.Min(delay * 2, 500);
            }
        }

        private void Acknowledged(string listingId, Ack ack, bool duplicate, TimeSpan sentAt, bool failedAfterKill)
        {
            Acked[listingId] = ack;
            var now = clock.Elapsed.Ticks;
            if (duplicate)
            {
                Interlocked.Increment(ref _duplicates);
            }

            if (KilledAt is { } afterKill)
            {
                AcksAfterKill.AddOrUpdate((int)(TimeSpan.FromTicks(now) - afterKill).TotalSeconds, 1, (_, n) => n + 1);
            }

            if (KilledAt is { } killed && sentAt > killed)
            {
                Min(ref _firstAckAfterKillTicks, now);
                if (failedAfterKill)
                {
                    Min(ref _firstRecoveredAckTicks, now);
                }
            }

            if (Interlocked.Increment(ref _acknowledged) == (long)(Total * KillAt))
            {
                KillPoint.TrySetResult();
            }
        }

        /// <summary>Counts a failed attempt; true when it came after the kill.</summary>
        private bool Failed(int status, TimeSpan sentAt)
        {
            Interlocked.Increment(ref _failedAttempts);
            FailureStatuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (KilledAt is null)
            {
                return false;
            }

            Interlocked.Increment(ref _failedAfterKill);
            if (status == 0)
            {
                Interlocked.Increment(ref _unanswered);
                Max(ref _lastUnansweredSentTicks, sentAt.Ticks);
            }

            Max(ref _lastFailureTicks, clock.Elapsed.Ticks);
            return true;
        }

        private void Note(string listingId, int round, TimeSpan sentAt, string what) =>
            Incidents.Enqueue($"{listingId} r{round}: sent {(sentAt - (KilledAt ?? TimeSpan.Zero)).TotalSeconds:0.00} s from the kill, {what} after {(clock.Elapsed - sentAt).TotalSeconds:0.00} s");

        private static void Max(ref long target, long value)
        {
            long seen;
            while ((seen = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }

        private static void Min(ref long target, long value)
        {
            long seen;
            while ((seen = Interlocked.Read(ref target)) > value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    /// <summary>Bounded retries for the setup writes and the verifying reads.</summary>
    private static class Retry
    {
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

        public static async Task SendAsync(Func<Task<HttpResponseMessage>> send)
        {
            var deadline = DateTime.UtcNow + Budget;
            var last = "";
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var response = await send();
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    if ((int)response.StatusCode < 500)
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    last = e.Message;
                }

                await Task.Delay(200);
            }

            throw new InvalidOperationException($"a setup write failed: {last}");
        }

        /// <summary>The JSON of a 200, or null for a 404; retries 5xx and transport failures.</summary>
        public static async Task<JsonElement?> GetAsync(HttpClient client, string path)
        {
            var deadline = DateTime.UtcNow + Budget;
            var last = "";
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var response = await client.GetAsync(path);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return await response.ReadJsonAsync();
                    }

                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        return null;
                    }

                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    last = e.Message;
                }

                await Task.Delay(200);
            }

            throw new TimeoutException($"GET {path} did not answer within {Budget.TotalSeconds:0} s: {last}");
        }
    }
}
