using System.Text;
using IpGuard.LoadGen.Measurement;
using IpGuard.LoadGen.Scenarios;

namespace IpGuard.Tests.LoadGen;

public sealed class HistogramTests
{
    [Fact(DisplayName = "Latency recorder: 1–1000 ms give p50/p90/p99/p99.9/max in ms within HdrHistogram's 3-digit precision")]
    public void Percentiles()
    {
        var recorder = new LatencyRecorder();
        for (var ms = 1; ms <= 1000; ms++)
        {
            recorder.Record(TimeSpan.FromMilliseconds(ms));
        }

        var interval = recorder.TakeInterval();
        var total = recorder.Total();
        Assert.Equal(interval, total);
        Assert.Equal(1000, total.Count);
        AssertNear(500, total.P50);
        AssertNear(900, total.P90);
        AssertNear(990, total.P99);
        AssertNear(999, total.P999);
        AssertNear(1000, total.Max);
        AssertNear(500.5, total.Mean);
    }

    [Fact(DisplayName = "Latency recorder: sub-millisecond latencies keep microseconds, and zero counts as 1 µs")]
    public void Microseconds()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(TimeSpan.FromTicks(2_500));
        recorder.Record(TimeSpan.Zero);
        recorder.TakeInterval();
        Assert.Equal(0.25, recorder.Total().Max, 3);
        Assert.Equal(0.001, recorder.Distribution([0])[0].LatencyMs, 3);
    }

    [Fact(DisplayName = "A meter closes each interval as a timeline point, totals the intervals, and counts errors by status")]
    public void IntervalsAndErrors()
    {
        var meter = new KindMeter("ingest");
        meter.Record(Outcome.Success(100), TimeSpan.FromMilliseconds(10));
        meter.Record(Outcome.Success(100), TimeSpan.FromMilliseconds(20));
        meter.Record(Outcome.Partial(98, new Dictionary<string, int> { ["item_409"] = 2 }), TimeSpan.FromMilliseconds(30));
        var first = meter.Sample(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        meter.Record(Outcome.Failure(503), TimeSpan.FromMilliseconds(40));
        var second = meter.Sample(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(0.5));

        Assert.Equal(3, first.RequestsPerSecond);
        Assert.Equal(298, first.EventsPerSecond);
        Assert.Equal(0, first.Errors);
        Assert.InRange(first.P50, 19.9, 20.1);
        Assert.Equal(2, second.RequestsPerSecond);
        Assert.Equal(1, second.Errors);
        Assert.InRange(second.Max, 39.9, 40.1);

        Assert.Equal(4, meter.Requests);
        Assert.Equal(298, meter.Events);
        Assert.Equal(new Dictionary<string, long> { ["503"] = 1, ["item_409"] = 2 }, meter.Errors);
        Assert.Equal(4, meter.Latency.Total().Count);
        Assert.Equal([first, second], meter.Timeline);
    }

    [Fact(DisplayName = "A child meter also counts into its parent (the market's kinds into its total)")]
    public void ParentMeter()
    {
        var all = new KindMeter("market");
        var listing = new KindMeter("listing", all);
        var report = new KindMeter("report", all);
        listing.Record(Outcome.Success(), TimeSpan.FromMilliseconds(1));
        report.Record(Outcome.Failure(404), TimeSpan.FromMilliseconds(2));
        report.Unsent(3);

        Assert.Equal(2, all.Requests);
        Assert.Equal(1, all.Events);
        Assert.Equal(new Dictionary<string, long> { ["404"] = 1, ["unsent"] = 3 }, all.Errors);
        Assert.Equal(1, listing.Requests);
    }

    [Fact(DisplayName = "A batch answer counts its accepted events, and each refused item under item_{status}")]
    public void BatchAnswer()
    {
        var clean = IngestSender.ReadBatch(Encoding.UTF8.GetBytes("""{"accepted":50,"duplicates":3,"rejected":[]}"""));
        Assert.Equal(Outcome.Success(50), clean);

        var partial = IngestSender.ReadBatch(Encoding.UTF8.GetBytes(
            """{"accepted":47,"duplicates":0,"rejected":[{"index":1,"status":409,"title":"x"},{"index":4,"status":503,"title":"y"},{"index":9,"status":409,"title":"x"}]}"""));
        Assert.True(partial.Ok);
        Assert.Equal(47, partial.Events);
        Assert.Equal(2, partial.ItemErrors!["item_409"]);
        Assert.Equal(1, partial.ItemErrors["item_503"]);
    }

    private static void AssertNear(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= expected * 0.001 + 0.001, $"expected {expected} ± 0.1%, got {actual}");
}
