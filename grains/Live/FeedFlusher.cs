using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IpGuard.Grains;

/// <summary>Sends this silo's feed changes to the feed log every ~20 ms, and its event count every second.</summary>
internal sealed partial class FeedFlusher(FeedBuffer buffer, IGrainFactory grains, RiskClock clock, ILogger<FeedFlusher> logger) : BackgroundService
{
    public const int MaxBatch = 5000;
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var log = grains.GetGrain<IFeedLogGrain>(IFeedLogGrain.Key);
        var batch = new List<FeedEvent>(MaxBatch);
        Task<bool>? waiting = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Idle, it wakes once a second (without an exception: this runs for the life of the
                // silo) to send the event count, so the rate falls to zero when ingest stops.
                waiting ??= buffer.Reader.WaitToReadAsync(stoppingToken).AsTask();
                if (!waiting.IsCompleted)
                {
                    await Task.WhenAny(waiting, Task.Delay(Idle, stoppingToken));
                }

                if (waiting.IsCompleted)
                {
                    waiting = null;
                    await Task.Delay(Linger, stoppingToken);
                }

                while (batch.Count < MaxBatch && buffer.Reader.TryRead(out var change))
                {
                    batch.Add(change);
                }

                var ingested = buffer.TakeIngested();
                if (batch.Count == 0 && ingested == 0)
                {
                    continue;
                }

                try
                {
                    await log.Append(new FeedBatch([.. batch], ingested, clock.UtcNow));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    buffer.ReturnIngested(ingested);
                    LogAppendFailed(logger, batch.Count, e.GetType().Name);
                    await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
                }

                batch.Clear();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live feed append of {Count} changes failed ({ExceptionType}); they are dropped")]
    private static partial void LogAppendFailed(ILogger logger, int count, string exceptionType);
}
