using IpGuard.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>
/// Finds grains that staged events and were not heard to append them within a sweep interval
/// (their process died between the write and the append) and calls them: loading one appends
/// what it staged, so no event waits for the next call to its subject. Listings and sellers whose
/// record was written with changes still to send to other grains, and not cleared since
/// (<see cref="IUnsentMarks"/>), are called the same way, and send them.
/// </summary>
internal sealed partial class OutboxSweeper(EventLog log, IGrainFactory grains, RiskClock clock, IOptions<EventLogOptions> options, IServiceProvider services, ILogger<OutboxSweeper> logger) : BackgroundService
{
    private const int MaxPerSweep = 1000;
    private static readonly GrainType ListingType = GrainType.Create(GrainTypes.Listing);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.SweepInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(every, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var before = clock.UtcNow - every;
                var stale = await log.StagedBeforeAsync(before, MaxPerSweep);
                var unsent = services.GetKeyedService<IGrainStorage>(StorageNames.Default) is IUnsentMarks marks
                    ? await marks.MarkedBeforeAsync(before, MaxPerSweep)
                    : [];
                await Task.WhenAll(stale.Union(unsent, StringComparer.Ordinal).Select(id => FlushAsync(GrainId.Parse(id))));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e.GetType().Name);
            }
        }
    }

    /// <summary>A listing's record is held by its book; every other subject is a grain of its own.</summary>
    private Task FlushAsync(GrainId id) => id.Type == ListingType
        ? grains.Listing(id.Key.ToString()).FlushEvents()
        : grains.GetGrain<IEventSourceGrain>(id).FlushEvents();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping staged events failed ({ExceptionType}); the next sweep tries again")]
    private static partial void LogSweepFailed(ILogger logger, string exceptionType);
}
