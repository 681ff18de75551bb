using IpGuard.LoadGen.Measurement;
using IpGuard.LoadGen.Output;
using IpGuard.LoadGen.Simulation;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>
/// The measured part of a scenario: its meters, a sampler that closes an interval every second
/// (the timeline and the live display), and the result built from them.
/// </summary>
internal sealed class RunContext(LoadConfig config, IProgressSink progress, TimeProvider time)
{
    private readonly List<KindMeter> _meters = [];
    private readonly List<string> _notes = [];
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public LoadConfig Config { get; } = config;

    public IProgressSink Progress { get; } = progress;

    public TimeProvider Time { get; } = time;

    public LoadRunner Runner { get; } = new(time);

    public KindMeter Meter(string name, KindMeter? parent = null)
    {
        var meter = new KindMeter(name, parent);
        _meters.Add(meter);
        return meter;
    }

    public void Note(string note)
    {
        _notes.Add(note);
        Progress.Phase(note);
    }

    /// <summary>Runs the measured phase with the sampler beside it; answers how long the phase took.</summary>
    public async Task<TimeSpan> MeasureAsync(Func<CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        var start = Time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var last = TimeSpan.Zero;
        var sampler = Task.Run(async () =>
        {
            var next = TimeSpan.FromSeconds(1);
            while (!stop.IsCancellationRequested)
            {
                var wait = next - Time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, Time, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                last = SampleAll(Time.GetElapsedTime(start), last);
                next += TimeSpan.FromSeconds(1);
            }
        }, CancellationToken.None);

        try
        {
            await body(cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await sampler;
        }

        var elapsed = Time.GetElapsedTime(start);
        if (elapsed - last >= TimeSpan.FromMilliseconds(200))
        {
            SampleAll(elapsed, last);
        }
        else
        {
            // A sliver of an interval would plot as a wild rate; its latencies still count in the totals.
            foreach (var meter in _meters)
            {
                meter.Latency.TakeInterval();
            }
        }

        return elapsed;
    }

    private TimeSpan SampleAll(TimeSpan at, TimeSpan last)
    {
        var kinds = new List<KindProgress>(_meters.Count);
        foreach (var meter in _meters)
        {
            var point = meter.Sample(at, at - last);
            kinds.Add(new KindProgress(meter.Name, point, meter.Requests, meter.Events, meter.Failed));
        }

        Progress.Tick(at, kinds);
        return at;
    }

    /// <summary>The result, headed by the figures of <paramref name="primary"/>.</summary>
    public ScenarioResult Result(KindMeter primary, TimeSpan elapsed, DetectionResult? detection = null, PolicyBacktest? backtest = null)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-6);
        foreach (var meter in _meters)
        {
            // Meters used after the measured phase (the market's read-back) were never sampled.
            meter.Latency.TakeInterval();
            meter.ServiceLatency.TakeInterval();
        }

        var kinds = _meters.ToDictionary(m => m.Name, m => Kind(m, seconds), StringComparer.Ordinal);
        var main = kinds[primary.Name];
        return new ScenarioResult(
            Config.Scenario,
            ConfigView.From(Config),
            _startedAt,
            Math.Round(seconds, 3),
            main.Requests,
            main.Events,
            main.RequestsPerSecond,
            main.EventsPerSecond,
            main.Errors,
            main.LatencyMs,
            kinds,
            detection,
            [.. _notes],
            main.ServiceLatencyMs,
            backtest);
    }

    private static readonly double[] Percentiles = [0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 100];

    private static KindResult Kind(KindMeter meter, double seconds) => new(
        meter.Requests,
        meter.Events,
        Math.Round(meter.Requests / seconds, 1),
        Math.Round(meter.Events / seconds, 1),
        meter.Errors,
        meter.Latency.Total(),
        meter.Timeline,
        meter.Latency.Distribution(Percentiles),
        meter.ServiceLatency.Total());
}
