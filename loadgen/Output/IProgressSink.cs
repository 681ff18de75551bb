using IpGuard.LoadGen.Measurement;

namespace IpGuard.LoadGen.Output;

/// <summary>Where a run tells how it goes: the live console, plain lines, or nowhere (tests).</summary>
internal interface IProgressSink
{
    /// <summary>A step of the run began (setup, warm-up, the measured phase, read-back).</summary>
    void Phase(string text);

    /// <summary>An interval closed: each kind's point and running totals.</summary>
    void Tick(TimeSpan elapsed, IReadOnlyList<KindProgress> kinds);
}

/// <summary>A kind's latest interval and its totals so far.</summary>
internal sealed record KindProgress(string Kind, TimelinePoint Last, long Requests, long Events, long Failed);

/// <summary>Drops all progress.</summary>
internal sealed class NoProgress : IProgressSink
{
    public static NoProgress Instance { get; } = new();

    public void Phase(string text)
    {
    }

    public void Tick(TimeSpan elapsed, IReadOnlyList<KindProgress> kinds)
    {
    }
}
