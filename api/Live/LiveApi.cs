using IpGuard.Grains;
using System.Globalization;
using System.Text;
using System.Text.Json;
using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Live;

/// <summary>The live feed (server-sent events) and the dashboard summary.</summary>
internal static class LiveApi
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder routes)
    {
        var live = routes.MapGroup("/v1").WithTags("Live").RequireAuthorization(Policies.Moderator);
        live.MapGet("/feed", Feed).WithName("Feed")
            .WithSummary("text/event-stream of risk, listing and case changes; Last-Event-ID replays the last few thousand; a gap event says some were lost")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream");
        live.MapGet("/dashboard/summary", Summary).WithName("DashboardSummary")
            .WithSummary("Top risky sellers, decision counts, events per second, open cases, removals in the last hour")
            .Produces<DashboardSummary>()
            .AddOpenApiOperationTransformer((operation, _, _) => QueryDocs.Describe(operation, ("top", QueryDocs.Integer(null, null, 20, "How many top sellers (clamped to 1–100; a value that is not a number reads as 20)."))));
        return routes;
    }

    private static async Task Feed(HttpContext context, FeedHub hub)
    {
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrEmpty(lastEventId))
        {
            lastEventId = context.Request.Query["lastEventId"].ToString();
        }

        long? after = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        var aborted = context.RequestAborted;
        using var subscriber = hub.Subscribe(after, out var replay, out var gap);
        await response.WriteAsync(": ipguard live feed\nretry: 1000\n\n", aborted);
        if (gap)
        {
            await WriteGapAsync(response, aborted);
        }

        foreach (var change in replay)
        {
            await WriteAsync(response, change, aborted);
        }

        await response.Body.FlushAsync(aborted);
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(Heartbeat);
                bool ready;
                try
                {
                    ready = await subscriber.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await response.WriteAsync(": keepalive\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }

                if (!ready)
                {
                    return;
                }

                if (subscriber.TakeGap())
                {
                    await WriteGapAsync(response, aborted);
                }

                while (subscriber.Reader.TryRead(out var change))
                {
                    await WriteAsync(response, change, aborted);
                }

                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The subscriber went away.
        }
    }

    private static async Task<IResult> Summary(IGrainFactory grains, string? top)
    {
        var count = int.TryParse(top, out var t) ? Math.Clamp(t, 1, 100) : 20;
        var summaryTask = grains.GetGrain<IFeedLogGrain>(IFeedLogGrain.Key).GetSummary(count);
        var open = await Task.WhenAll(Enumerable.Range(0, ICaseQueueGrain.Shards)
            .Select(i => grains.GetGrain<ICaseQueueGrain>(i.ToString(CultureInfo.InvariantCulture)).CountOpen()));
        var summary = await summaryTask;
        return TypedResults.Ok(new DashboardSummary(
            summary.TopSellers, summary.Decisions, Math.Round(summary.EventsPerSecond, 1), open.Sum(), summary.RemovalsLastHour, summary.Rate));
    }

    private static Task WriteGapAsync(HttpResponse response, CancellationToken cancellationToken) =>
        response.WriteAsync("event: gap\ndata: {\"detail\":\"some events were dropped; reload the summary\"}\n\n", cancellationToken);

    private static Task WriteAsync(HttpResponse response, FeedEvent change, CancellationToken cancellationToken)
    {
        object data = change.Kind switch
        {
            FeedKind.Risk => new { sellerId = change.SubjectId, change.Score, change.Band, change.Decision, change.PreviousDecision, change.At },
            FeedKind.Listing => new { listingId = change.SubjectId, change.Status, change.Score, change.SellerId, change.RemovedBy, change.At },
            _ => new { caseId = change.SubjectId, kind = change.CaseKind, status = change.CaseStatus, change.SellerId, change.Reason, change.Score, change.At },
        };
        var text = new StringBuilder(256)
            .Append("id: ").Append(change.Seq.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("event: ").Append(Names.Of(change.Kind)).Append('\n')
            .Append("data: ").Append(JsonSerializer.Serialize(data, ApiJson.Options)).Append("\n\n")
            .ToString();
        return response.WriteAsync(text, cancellationToken);
    }
}

/// <summary>The answer of GET /v1/dashboard/summary: what the moderators' page shows at a glance.</summary>
public sealed record DashboardSummary(
    IReadOnlyList<TopSeller> TopSellers,
    IReadOnlyDictionary<string, long> Decisions,
    double EventsPerSecond,
    int OpenCases,
    long RemovalsLastHour,
    IReadOnlyList<RatePoint> Rate);
