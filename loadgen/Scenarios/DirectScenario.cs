using IpGuard.GrainInterfaces;
using IpGuard.LoadGen.Measurement;
using IpGuard.Silo;
using Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>
/// The ingest stream through an Orleans client straight to the listings' books, with no HTTP:
/// what is left is the cost of the grains (and storage). A request is a batch of listing
/// upserts called together, as the api's batch handler does. With <c>--ping</c> each request
/// is one call of the no-op IHealthGrain.Ping: the floor of a grain call.
/// </summary>
internal sealed class DirectScenario : IScenario
{
    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var config = context.Config;
        context.Progress.Phase($"joining cluster {config.ClusterId}/{config.ServiceId} through gateway 127.0.0.1:{config.GatewayPort}");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var retry = new GatewayRetryFilter(TimeSpan.FromMilliseconds(500));
        builder.UseOrleansClient(client => client.UseIpGuardClient(new IpGuardOptions
        {
            Mode = "Client",
            GatewayPort = config.GatewayPort,
            ClusterId = config.ClusterId,
            ServiceId = config.ServiceId,
        }).UseConnectionRetryFilter(retry));
        using var host = builder.Build();
        await ConnectAsync(host, config, retry, cancellationToken);
        try
        {
            var grains = host.Services.GetRequiredService<IClusterClient>();
            return config.Ping
                ? await PingAsync(context, grains, cancellationToken)
                : await IngestAsync(context, grains, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Starts the client within the connect timeout. With no gateway at the port the client
    /// would otherwise retry for minutes and the tool would look hung.
    /// </summary>
    private static async Task ConnectAsync(IHost host, LoadConfig config, GatewayRetryFilter retry, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(config.ConnectTimeout);
        try
        {
            await host.StartAsync(deadline.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or OrleansException)
        {
            // A connection refused names its cause; a listener that never answers the handshake only runs out the time.
            var last = retry.LastFailure ?? e;
            var root = last.GetBaseException();
            var why = last is OperationCanceledException ? "no answer" : root == last ? last.Message : $"{last.Message} {root.Message}";
            throw new ClusterUnreachableException(
                $"could not join cluster {config.ClusterId}/{config.ServiceId} through the gateway at 127.0.0.1:{config.GatewayPort} " +
                $"within {config.ConnectTimeout.TotalSeconds:0.#} s ({why}). Is the api or a silo running with that gateway port " +
                "(--IpGuard:GatewayPort), ClusterId and ServiceId? Pass them with --gateway, --cluster-id and --service-id.",
                e);
        }
    }

    private static async Task<ScenarioResult> PingAsync(RunContext context, IClusterClient grains, CancellationToken cancellationToken)
    {
        var config = context.Config;
        var meter = context.Meter("ping");
        var health = grains.GetGrain<IHealthGrain>(0);
        await health.Ping();
        var shape = new LoadShape(config.Rate, config.Concurrency, config.Duration);
        context.Progress.Phase($"IHealthGrain.Ping: {(config.Rate is { } r ? $"{r}/s" : "max rate")}, concurrency {config.Concurrency}, {config.Duration.TotalSeconds} s");
        var elapsed = await context.MeasureAsync(token => context.Runner.RunAsync(shape, async (_, _) =>
        {
            await health.Ping();
            return Outcome.Success();
        }, meter, token), cancellationToken);
        return context.Result(meter, elapsed);
    }

    private static async Task<ScenarioResult> IngestAsync(RunContext context, IClusterClient grains, CancellationToken cancellationToken)
    {
        var config = context.Config;
        var workload = new ListingWorkload(config);
        context.Progress.Phase($"registering {workload.BrandCount} brands");
        await Task.WhenAll(Enumerable.Range(0, workload.BrandCount).Select(b => grains.GetGrain<IBrandGrain>(workload.BrandId(b)).Put(workload.BrandEntry(b))));

        var meter = context.Meter("ingest");
        var batch = config.EffectiveBatch;
        var shape = new LoadShape(config.Rate / batch, config.Concurrency, config.Duration);
        context.Progress.Phase($"direct ingest: {IngestScenario.Describe(config)}");
        var elapsed = await context.MeasureAsync(token => context.Runner.RunAsync(shape, async (i, _) =>
        {
            var events = Enumerable.Range(0, batch).Select(k => workload.Event("d", (i * batch) + k)).ToArray();
            var acks = await Task.WhenAll(events.Select(e => grains.Listing(e.ListingId).Ingest(e.ToUpsert())));
            var accepted = acks.Count(a => a.Status is AckStatus.Applied or AckStatus.Duplicate);
            return accepted == acks.Length
                ? Outcome.Success(accepted)
                : Outcome.Partial(accepted, acks.Where(a => a.Status is not (AckStatus.Applied or AckStatus.Duplicate))
                    .GroupBy(a => $"item_{a.Status.ToString().ToLowerInvariant()}").ToDictionary(g => g.Key, g => g.Count()));
        }, meter, token), cancellationToken);
        return context.Result(meter, elapsed);
    }
}
