using IpGuard.LoadGen.Http;
using IpGuard.LoadGen.Measurement;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>
/// High-volume listing streams through POST /v1/listings/batch (NDJSON), or POST /v1/listings
/// with a batch of 1, at a rate in events per second or as fast as the senders can.
/// </summary>
internal sealed class IngestScenario : IScenario
{
    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var config = context.Config;
        var workload = new ListingWorkload(config);
        using var http = ApiHttp.Create(config.Target, config.ApiKey, config.Concurrency);
        await Brands.RegisterAsync(context, http, workload, cancellationToken);

        var meter = context.Meter("ingest");
        var sender = new IngestSender(http, workload, config.Batch, "e");
        var shape = new LoadShape(config.Rate / config.EffectiveBatch, config.Concurrency, config.Duration);
        context.Progress.Phase($"ingest: {Describe(config)}");
        var elapsed = await context.MeasureAsync(token => context.Runner.RunAsync(shape, sender.SendAsync, meter, token), cancellationToken);
        return context.Result(meter, elapsed);
    }

    public static string Describe(LoadConfig config) =>
        $"{(config.Rate is { } r ? $"{r} events/s" : "max rate")}, batch {config.EffectiveBatch}, concurrency {config.Concurrency}, {config.Duration.TotalSeconds} s";
}
