using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IpGuard.Grains;

/// <summary>
/// Starts the webhooks' workers when a silo starts, and checks on them every 10 s: after a
/// restart of every process, pending deliveries resume without waiting for a request.
/// </summary>
internal sealed partial class WebhookStarter(IGrainFactory grains, ILogger<WebhookStarter> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the silo finish starting: grain calls need it to be active.
        await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Every;
            try
            {
                await grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key).StartAll();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStartFailed(logger, e.GetType().Name);
                wait = TimeSpan.FromSeconds(2);
            }

            await Task.Delay(wait, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Starting the webhooks' workers failed ({ExceptionType}); trying again in 2 s")]
    private static partial void LogStartFailed(ILogger logger, string exceptionType);
}
