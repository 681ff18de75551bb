namespace IpGuard.LoadGen.Measurement;

/// <summary>
/// How a runner sends: at <see cref="Rate"/> requests per second on an open-loop schedule, or
/// when Rate is null as fast as <see cref="Concurrency"/> senders can; for
/// <see cref="Duration"/> or until <see cref="Count"/> requests, whichever comes first.
/// </summary>
internal sealed record LoadShape(double? Rate, int Concurrency, TimeSpan? Duration, long? Count = null)
{
    /// <summary>How far behind its schedule an open-loop run may finish before the rest is dropped (and counted as unsent).</summary>
    public TimeSpan Grace => Duration is { } d ? TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond * 2, d.Ticks / 4)) : TimeSpan.MaxValue;
}
