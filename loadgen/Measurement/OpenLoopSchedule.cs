namespace IpGuard.LoadGen.Measurement;

/// <summary>
/// The intended send time of every request of an open-loop run: request i is due at
/// i / rate after the start, whatever happened to the requests before it. Latency is counted
/// from this time, so a sender or server that falls behind cannot hide the wait
/// (no coordinated omission).
/// </summary>
internal sealed class OpenLoopSchedule
{
    private readonly double _ticksPerRequest;

    public OpenLoopSchedule(double ratePerSecond)
    {
        if (!(ratePerSecond > 0) || double.IsInfinity(ratePerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "the rate must be a positive number of requests per second");
        }

        Rate = ratePerSecond;
        _ticksPerRequest = TimeSpan.TicksPerSecond / ratePerSecond;
    }

    public double Rate { get; }

    /// <summary>When request <paramref name="index"/> is due, counted from the start of the run.</summary>
    public TimeSpan IntendedOffset(long index) => TimeSpan.FromTicks((long)Math.Round(index * _ticksPerRequest));

    /// <summary>How many requests are due strictly before <paramref name="duration"/>.</summary>
    public long CountWithin(TimeSpan duration)
    {
        var count = (long)Math.Ceiling(duration.Ticks / _ticksPerRequest);
        // Rounding may put the last one exactly on the end; that one belongs to the next window.
        while (count > 0 && IntendedOffset(count - 1) >= duration)
        {
            count--;
        }

        return count;
    }
}
