using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using IpGuard.LoadGen.Http;
using IpGuard.LoadGen.Measurement;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>
/// Event → feed delay: subscribes to GET /v1/feed, sends probe listings (fresh ids, POST
/// /v1/listings) at <c>--rate</c> per second, optionally beside an ingest stream of
/// <c>--mix-ingest-rate</c> events/s, and records for each probe the time from its send to the
/// arrival of its <c>listing</c> event on the feed. Needs a key with the moderator role.
/// </summary>
internal sealed class FeedScenario : IScenario
{
    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var config = context.Config;
        var workload = new ListingWorkload(config);
        var ingestConnections = config.MixesIngest ? config.MixIngestConnections(2) : 2;
        using var http = ApiHttp.Create(config.Target, config.ApiKey, config.Concurrency);
        using var ingestHttp = ApiHttp.Create(config.Target, config.IngestApiKey ?? config.ApiKey, ingestConnections);
        using var feedHttp = ApiHttp.Create(config.Target, config.ApiKey, 1);
        feedHttp.Timeout = Timeout.InfiniteTimeSpan;
        await Brands.RegisterAsync(context, ingestHttp, workload, cancellationToken);

        var feed = context.Meter("feed");
        var probe = context.Meter("probe");
        var ingest = config.MixesIngest ? context.Meter("ingest") : null;
        var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var stopFeed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() => ReadFeedAsync(feedHttp, sent, feed, connected, stopFeed.Token), CancellationToken.None);
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

        var shape = new LoadShape(config.Rate ?? 50, config.Concurrency, config.Duration);
        context.Progress.Phase($"feed: probes at {config.Rate ?? 50}/s{(ingest is null ? "" : $" beside ingest at {config.MixIngestLabel}")}, {config.Duration.TotalSeconds} s");
        var elapsed = await context.MeasureAsync(async token =>
        {
            var runs = new List<Task>
            {
                context.Runner.RunAsync(shape, (i, ct) => ProbeAsync(http, workload, sent, i, ct), probe, token),
            };
            if (ingest is not null)
            {
                var sender = new IngestSender(ingestHttp, workload, config.Batch, "m");
                runs.Add(context.Runner.RunAsync(new LoadShape(config.MixIngestRequestRate, ingestConnections, config.Duration), sender.SendAsync, ingest, token));
            }

            await Task.WhenAll(runs);

            // Give the last probes' events time to arrive, then count the ones that never did.
            var deadline = Stopwatch.GetTimestamp() + (2 * Stopwatch.Frequency);
            while (!sent.IsEmpty && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(20, token);
            }
        }, cancellationToken);

        await stopFeed.CancelAsync();
        await reader;
        if (!sent.IsEmpty)
        {
            feed.CountError("not_on_feed", sent.Count);
        }

        return context.Result(feed, elapsed);
    }

    private static async ValueTask<Outcome> ProbeAsync(HttpClient http, ListingWorkload workload, ConcurrentDictionary<string, long> sent, long index, CancellationToken cancellationToken)
    {
        var template = workload.Event("p", index);
        var probe = template with { ListingId = $"{template.EventId}-probe" };
        sent[probe.ListingId] = Stopwatch.GetTimestamp();
        var (status, _) = await ApiHttp.SendAsync(http, HttpMethod.Post, "/v1/listings", ApiHttp.Body(probe.ToJson(), ApiHttp.Json), cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            sent.TryRemove(probe.ListingId, out _);
            return Outcome.Failure((int)status);
        }

        return Outcome.Success();
    }

    /// <summary>Reads the SSE stream and records each probe's delay when its listing event arrives.</summary>
    private static async Task ReadFeedAsync(HttpClient http, ConcurrentDictionary<string, long> sent, KindMeter meter, TaskCompletionSource connected, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("/v1/feed", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            connected.TrySetResult();
            using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            var listingEvent = false;
            while (await stream.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    listingEvent = line == "event: listing";
                }
                else if (listingEvent && line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    var arrived = Stopwatch.GetTimestamp();
                    using var data = JsonDocument.Parse(line.AsMemory(6));
                    if (data.RootElement.TryGetProperty("listingId", out var id) && id.GetString() is { } listingId
                        && sent.TryRemove(listingId, out var at))
                    {
                        meter.Record(Outcome.Success(), Stopwatch.GetElapsedTime(at, arrived));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            connected.TrySetException(e);
        }
    }
}
