namespace IpGuard.Grains;

/// <summary>
/// A grain timer that fires once per start: starting it again replaces the pending one. For a
/// grain's outbox work that runs from a timer turn (telling linked sellers, sweeping listings,
/// an override's end). Made once an activation, with the grain and its callback.
/// </summary>
internal sealed class OneShotTimer(IGrainBase grain, Func<CancellationToken, Task> callback, bool interleave)
{
    private IGrainTimer? _timer;

    public void Start(TimeSpan due)
    {
        _timer?.Dispose();
        _timer = grain.RegisterGrainTimer(callback, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = interleave });
    }

    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
