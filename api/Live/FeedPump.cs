using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Live;

/// <summary>Long-polls the cluster's feed log and hands each page to this instance's hub.</summary>
internal sealed partial class FeedPump(IGrainFactory grains, FeedHub hub, ILogger<FeedPump> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var log = grains.GetGrain<IFeedLogGrain>(IFeedLogGrain.Key);
        long last = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A long poll (idle, one call in 3 s), bounded: after a silo crash an unanswered poll must not stall the feed for Orleans' 30 s timeout.
                var page = await log.WaitSince(last, 2000, TimeSpan.FromSeconds(3)).WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
                if (page.Head < last)
                {
                    // The feed log was restarted and numbers from 1 again.
                    hub.Reset();
                    last = 0;
                    continue;
                }

                hub.Publish(page.Events, page.Gap && last > 0);
                last = page.LastSeq;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPollFailed(logger, e.GetType().Name);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed poll failed ({ExceptionType}); retrying")]
    private static partial void LogPollFailed(ILogger logger, string exceptionType);
}
