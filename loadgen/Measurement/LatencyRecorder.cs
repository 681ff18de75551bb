using HdrHistogram;

namespace IpGuard.LoadGen.Measurement;

/// <summary>
/// Latency in microseconds, from 1 µs to an hour at 3 significant digits. Senders record
/// concurrently and wait-free into an HdrHistogram <see cref="Recorder"/>; one reader takes
/// interval histograms from it (a point of the timeline each) and adds them to the total.
/// </summary>
internal sealed class LatencyRecorder
{
    public const long HighestMicros = 3_600_000_000;

    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(1)
        .WithValuesUpTo(HighestMicros)
        .WithPrecisionOf(3)
        .WithThreadSafeWrites()
        .WithThreadSafeReads()
        .Create();

    private readonly HistogramBase _total = new LongHistogram(1, HighestMicros, 3);
    private readonly Lock _read = new();
    private HistogramBase? _interval;

    public void Record(TimeSpan latency)
    {
        var micros = latency.Ticks / (TimeSpan.TicksPerMillisecond / 1000);
        _recorder.RecordValue(Math.Clamp(micros, 1, HighestMicros));
    }

    /// <summary>What was recorded since the last call, added to the total as well.</summary>
    public LatencySummary TakeInterval()
    {
        lock (_read)
        {
            _interval = _recorder.GetIntervalHistogram(_interval);
            _total.Add(_interval);
            return LatencySummary.From(_interval);
        }
    }

    /// <summary>Everything taken so far (call <see cref="TakeInterval"/> first to include the latest).</summary>
    public LatencySummary Total()
    {
        lock (_read)
        {
            return LatencySummary.From(_total);
        }
    }

    /// <summary>The latency at each of the given percentiles of the total, in milliseconds.</summary>
    public IReadOnlyList<PercentilePoint> Distribution(IEnumerable<double> percentiles)
    {
        lock (_read)
        {
            if (_total.TotalCount == 0)
            {
                return [];
            }

            return percentiles.Select(p => new PercentilePoint(p, Math.Round(_total.GetValueAtPercentile(p) / 1000.0, 3))).ToList();
        }
    }
}

/// <summary>The latency (ms) at a percentile.</summary>
internal sealed record PercentilePoint(double Percentile, double LatencyMs);
