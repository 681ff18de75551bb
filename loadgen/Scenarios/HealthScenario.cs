using System.Net;
using IpGuard.LoadGen.Http;
using IpGuard.LoadGen.Measurement;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>
/// GET /health/live through Kestrel: the trivial HTTP baseline (no auth, no grain); with --ping,
/// GET /v1/ping: a trivial grain call through the whole api (auth, routing, Orleans), against
/// which the checkout rate is read.
/// </summary>
internal sealed class HealthScenario : IScenario
{
    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var config = context.Config;
        using var http = ApiHttp.Create(config.Target, config.ApiKey, config.Concurrency);
        var path = config.Ping ? "/v1/ping" : "/health/live";
        var address = new Uri(config.Target, path);
        var meter = context.Meter(config.Ping ? "ping" : "health");
        var shape = new LoadShape(config.Rate, config.Concurrency, config.Duration);
        context.Progress.Phase($"GET {path}: {(config.Rate is { } r ? $"{r}/s" : "max rate")}, concurrency {config.Concurrency}, {config.Duration.TotalSeconds} s");
        var elapsed = await context.MeasureAsync(token => context.Runner.RunAsync(shape, async (_, ct) =>
        {
            var (status, _) = await ApiHttp.SendAsync(http, HttpMethod.Get, address, ct);
            return status == HttpStatusCode.OK ? Outcome.Success() : Outcome.Failure((int)status);
        }, meter, token), cancellationToken);
        return context.Result(meter, elapsed);
    }
}
