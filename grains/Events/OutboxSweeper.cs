using System.IO.Hashing;
using System.Runtime.InteropServices;
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
/// (<see cref="IUnsentMarks"/>), are called the same way, and send them. Every silo sweeps, each
/// its own share of the marks (by a hash of the grain, over the active silos): one call a mark
/// however big the cluster, and a dead silo's share passes to the others with the membership.
/// </summary>
internal sealed partial class OutboxSweeper(
    EventLog log,
    IGrainFactory grains,
    RiskClock clock,
    IOptions<EventLogOptions> options,
    IServiceProvider services,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    ILogger<OutboxSweeper> logger) : BackgroundService
{
    /// <summary>Marks read of each kind a round: far more than a crash leaves (one process holds at most its admission bound in flight).</summary>
    private const int MaxPerSweep = 20_000;

    /// <summary>Grains called at once: a big sweep does not flood the silo.</summary>
    private const int Parallelism = 64;

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
                var share = Share.Of(membership.CurrentSnapshot, silo.SiloAddress);
                var mine = stale.Union(unsent, StringComparer.Ordinal).Where(share.Holds).Select(GrainId.Parse);
                var failed = 0;
                await Parallel.ForEachAsync(mine, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken }, async (id, _) =>
                {
                    try
                    {
                        await FlushAsync(id);
                    }
                    catch (Exception)
                    {
                        // Its mark stays: the next round calls it again.
                        Interlocked.Increment(ref failed);
                    }
                });
                if (failed > 0)
                {
                    LogSweepIncomplete(logger, failed);
                }
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

    /// <summary>
    /// Which marks this silo sweeps: those whose grain hashes to its place among the active silos.
    /// Silos that see the membership differently for a moment may both call a grain (harmless:
    /// a flush is idempotent) or neither (the next round does); a silo not yet active sweeps all.
    /// </summary>
    internal readonly record struct Share(int Index, int Count)
    {
        public static Share Of(ClusterMembershipSnapshot snapshot, SiloAddress self)
        {
            var active = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order().ToList();
            var index = active.IndexOf(self);
            return index < 0 ? new Share(0, 1) : new Share(index, active.Count);
        }

        public bool Holds(string grainId) =>
            Count <= 1 || XxHash3.HashToUInt64(MemoryMarshal.AsBytes(grainId.AsSpan())) % (ulong)Count == (ulong)Index;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failed} marked grains did not answer the sweep; the next sweep calls them again")]
    private static partial void LogSweepIncomplete(ILogger logger, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping staged events failed ({ExceptionType}); the next sweep tries again")]
    private static partial void LogSweepFailed(ILogger logger, string exceptionType);
}
