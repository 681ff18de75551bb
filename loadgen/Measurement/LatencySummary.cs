using HdrHistogram;

namespace IpGuard.LoadGen.Measurement;

/// <summary>Latency percentiles in milliseconds, as the JSON output names them.</summary>
internal sealed record LatencySummary(double P50, double P90, double P99, double P999, double Max, double Mean, long Count)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Reads a histogram recorded in microseconds.</summary>
    public static LatencySummary From(HistogramBase micros)
    {
        if (micros.TotalCount == 0)
        {
            return Empty;
        }

        return new LatencySummary(
            Ms(micros.GetValueAtPercentile(50)),
            Ms(micros.GetValueAtPercentile(90)),
            Ms(micros.GetValueAtPercentile(99)),
            Ms(micros.GetValueAtPercentile(99.9)),
            Ms(micros.GetMaxValue()),
            Math.Round(micros.GetMean() / 1000.0, 3),
            micros.TotalCount);
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}
