using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IpGuard.Grains;

/// <summary>How long a silo trusts its copy of the Brand Registry before asking again.</summary>
public sealed class RegistryCacheOptions
{
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Each silo's copy of the Brand Registry, so that scoring a listing never calls a brand
/// grain: the directory grain is asked at most once per refresh interval per silo, and a
/// brand change made on this silo is seen at once. Other silos see it within the interval.
/// </summary>
internal sealed partial class RegistryCache(
    IGrainFactory grains,
    RiskClock clock,
    IOptions<RegistryCacheOptions> options,
    ILogger<RegistryCache> logger)
{
    private readonly Lock _lock = new();
    private RegistryIndex _index = RegistryIndex.Empty;
    private long _freshUntil = long.MinValue;
    private Task<RegistryIndex>? _refresh;
    private long _refreshGeneration;
    private long _generation;

    public ValueTask<RegistryIndex> GetAsync()
    {
        if (clock.Time.GetTimestamp() < Volatile.Read(ref _freshUntil))
        {
            return new ValueTask<RegistryIndex>(_index);
        }

        lock (_lock)
        {
            // A refresh that began before the last invalidation may bring the registry from before
            // the change: it is not joined, a new one asks again.
            var generation = Interlocked.Read(ref _generation);
            if (_refresh is null || _refreshGeneration != generation)
            {
                _refreshGeneration = generation;
                _refresh = RefreshAsync(generation);
            }

            return new ValueTask<RegistryIndex>(_refresh);
        }
    }

    /// <summary>Makes the next read ask the directory again.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        Volatile.Write(ref _freshUntil, long.MinValue);
    }

    private async Task<RegistryIndex> RefreshAsync(long generation)
    {
        try
        {
            var started = clock.Time.GetTimestamp();
            var snapshot = await grains.GetGrain<IBrandDirectoryGrain>(IBrandDirectoryGrain.Key).GetSnapshot(_index.Version);
            if (snapshot is not null)
            {
                lock (_lock)
                {
                    // Refreshes may overlap (see GetAsync): an older snapshot never replaces a newer one.
                    if (snapshot.Version > _index.Version)
                    {
                        _index = new RegistryIndex(snapshot.Version, snapshot.Brands);
                        LogRefreshed(logger, snapshot.Version, snapshot.Brands.Count);
                    }
                }
            }

            // A refresh that raced an invalidation may hold the old version: let the next read ask again.
            if (Interlocked.Read(ref _generation) == generation)
            {
                var ticks = (long)(options.Value.RefreshInterval.TotalSeconds * clock.Time.TimestampFrequency);
                Volatile.Write(ref _freshUntil, started + ticks);
            }

            return _index;
        }
        finally
        {
            lock (_lock)
            {
                if (_refreshGeneration == generation)
                {
                    _refresh = null;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Brand Registry copy refreshed to version {Version} with {Brands} brands")]
    private static partial void LogRefreshed(ILogger logger, long version, int brands);
}
