namespace IpGuard.LoadGen.Measurement;

/// <summary>One interval of a run (usually a second): its end time, rates, errors and latency percentiles in ms.</summary>
internal sealed record TimelinePoint(
    double AtS,
    double RequestsPerSecond,
    double EventsPerSecond,
    long Errors,
    double P50,
    double P90,
    double P99,
    double Max);
