using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IpGuard.Grains;

/// <summary>
/// Sends this silo's feed changes and its count of applied events to the feed log, ~20 ms after
/// the first arrives. Idle, it waits on the buffer without a timer.
/// </summary>
internal sealed partial class FeedFlusher(FeedBuffer buffer, IGrainFactory grains, RiskClock clock, ILogger<FeedFlusher> logger) : BackgroundService
{
    public const int MaxBatch = 5000;
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var log = grains.GetGrain<IFeedLogGrain>(IFeedLogGrain.Key);
        var batch = new List<FeedEvent>(MaxBatch);
        Task<bool>? changes = null;
        Task<bool>? counted = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Whichever comes first: a change, or the count of applied events leaving zero.
                changes ??= buffer.Reader.WaitToReadAsync(stoppingToken).AsTask();
                counted ??= buffer.Counted.WaitToReadAsync(stoppingToken).AsTask();
                if (!changes.IsCompleted && !counted.IsCompleted)
                {
                    await Task.WhenAny(changes, counted);
                }

                if (changes.IsCompleted)
                {
                    _ = await changes;
                    changes = null;
                }

                if (counted.IsCompleted)
                {
                    _ = await counted;
                    counted = null;
                    while (buffer.Counted.TryRead(out _))
                    {
                    }
                }

                await Task.Delay(Linger, stoppingToken);

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
