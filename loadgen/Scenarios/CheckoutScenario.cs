using System.Net;
using IpGuard.LoadGen.Http;
using IpGuard.LoadGen.Measurement;
using IpGuard.LoadGen.Simulation;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>
/// Checkout queries (GET /v1/sellers/{id}/checkout) at a rate or as fast as the senders can,
/// optionally beside an ingest stream (<c>--mix-ingest-rate</c> events/s); latency per kind.
/// Every seller is created first, so the queries read real seller state; 1 in 50 asks about
/// an unknown seller, as checkout systems do.
/// </summary>
internal sealed class CheckoutScenario : IScenario
{
    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var config = context.Config;
        var workload = new ListingWorkload(config);
        var ingestConnections = config.MixesIngest ? config.MixIngestConnections(2) : 4;
        using var http = ApiHttp.Create(config.Target, config.ApiKey, config.Concurrency);
        using var ingestHttp = ApiHttp.Create(config.Target, config.IngestApiKey ?? config.ApiKey, ingestConnections);
        await Brands.RegisterAsync(context, ingestHttp, workload, cancellationToken);
        var known = await PreloadAsync(context, ingestHttp, workload, cancellationToken);
        var queries = new CheckoutQueries(config.Target, workload, known, config.Seed);

        var checkout = context.Meter("checkout");
        var ingest = config.MixesIngest ? context.Meter("ingest") : null;
        var checkoutShape = new LoadShape(config.Rate, config.Concurrency, config.Duration);
        context.Progress.Phase($"checkout: {(config.Rate is { } r ? $"{r}/s" : "max rate")}, concurrency {config.Concurrency}, {config.Duration.TotalSeconds} s"
            + (ingest is null ? "" : $", beside ingest at {config.MixIngestLabel}"));

        var elapsed = await context.MeasureAsync(async token =>
        {
            var runs = new List<Task>
            {
                context.Runner.RunAsync(checkoutShape, (i, ct) => CheckoutAsync(http, queries, i, ct), checkout, token),
            };
            if (ingest is not null)
            {
                var sender = new IngestSender(ingestHttp, workload, config.Batch, "m");
                var ingestShape = new LoadShape(config.MixIngestRequestRate, ingestConnections, config.Duration);
                runs.Add(context.Runner.RunAsync(ingestShape, sender.SendAsync, ingest, token));
            }

            await Task.WhenAll(runs);
        }, cancellationToken);
        return context.Result(checkout, elapsed);
    }

    private static async ValueTask<Outcome> CheckoutAsync(HttpClient http, CheckoutQueries queries, long index, CancellationToken cancellationToken)
    {
        var (status, _) = await ApiHttp.SendAsync(http, HttpMethod.Get, queries.For(index), cancellationToken);
        return status == HttpStatusCode.OK ? Outcome.Success() : Outcome.Failure((int)status);
    }

    /// <summary>Sends listing i for i below the seller count, so every seller exists with a listing; answers how many.</summary>
    private static async Task<int> PreloadAsync(RunContext context, HttpClient http, ListingWorkload workload, CancellationToken cancellationToken)
    {
        var count = Math.Min(workload.SellerCount, workload.ListingCount);
        context.Progress.Phase($"creating {count} sellers");
        const int batch = 500;
        var batches = (count + batch - 1) / batch;
        await Parallel.ForAsync(0, batches, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (b, ct) =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(batch * 220);
            var first = b * batch;
            ListingWorkload.WriteNdjson(buffer, Enumerable.Range(first, Math.Min(count, first + batch) - first).Select(l => workload.ForListing("p", l, l)));

            var (status, answer) = await ApiHttp.SendAsync(http, HttpMethod.Post, "/v1/listings/batch", ApiHttp.Body(buffer.WrittenSpan, ApiHttp.Ndjson), ct);
            if (status != HttpStatusCode.OK)
            {
                throw new ApiException(status, $"creating sellers: POST /v1/listings/batch answered {(int)status}: {System.Text.Encoding.UTF8.GetString(answer)}");
            }
        });
        return count;
    }
}

/// <summary>
/// The checkout addresses of a run: query n asks about a listing picked by a seeded hash of n,
/// through its seller or (1 in 50) an unknown seller, as checkout systems do. Each address is
/// made once and kept, so the generator spends its time sending, not formatting and parsing URLs.
/// </summary>
internal sealed class CheckoutQueries(Uri target, ListingWorkload workload, int known, int seed)
{
    private readonly Uri?[] _addresses = new Uri?[known * 2];

    public Uri For(long index)
    {
        var listing = SplitMix.Below(seed, index, 21, known);
        var unknown = SplitMix.Unit(seed, index, 22) < 0.02;
        var slot = (listing * 2) + (unknown ? 1 : 0);

        // A race builds the same address twice at worst; a reference store is atomic.
        return _addresses[slot] ??= Make(listing, unknown);
    }

    private Uri Make(int listing, bool unknown)
    {
        var listingEvent = workload.ForListing("q", 0, listing);
        var seller = unknown ? $"{listingEvent.SellerId}-unknown" : listingEvent.SellerId;
        return new Uri(target, listingEvent.CheckoutQuery(seller));
    }
}
