namespace IpGuard.LoadGen.Measurement;

/// <summary>
/// Sends requests and measures them. Open loop (a rate): request i is due at i / rate, is sent
/// then if a sender slot is free or as soon as one frees up, and its latency counts from when
/// it was due, so any stall — the server's or this process's own — shows in the latency.
/// Max (no rate): <c>concurrency</c> senders each send the next request as soon as their last
/// one answered; a request is due when its sender is free.
/// </summary>
internal sealed class LoadRunner(TimeProvider time)
{
    /// <summary>The operation sends request <c>index</c> and says how it went; it should not throw, but may.</summary>
    public delegate ValueTask<Outcome> Operation(long index, CancellationToken cancellationToken);

    public Task<RunTiming> RunAsync(LoadShape shape, Operation operation, KindMeter meter, CancellationToken cancellationToken) =>
        RunAsync(shape, operation, _ => meter, cancellationToken);

    /// <summary>Runs the shape; <paramref name="meterFor"/> picks the meter of each request by its index.</summary>
    public async Task<RunTiming> RunAsync(LoadShape shape, Operation operation, Func<long, KindMeter> meterFor, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Concurrency, 1);
        if (shape.Duration is null && shape.Count is null)
        {
            throw new ArgumentException("a run needs a duration or a count", nameof(shape));
        }

        var start = time.GetTimestamp();
        if (shape.Rate is { } rate)
        {
            await OpenLoopAsync(new OpenLoopSchedule(rate), shape, operation, meterFor, start, cancellationToken);
        }
        else
        {
            await MaxAsync(shape, operation, meterFor, start, cancellationToken);
        }

        return new RunTiming(start, time.GetElapsedTime(start));
    }

    private async Task OpenLoopAsync(OpenLoopSchedule schedule, LoadShape shape, Operation operation, Func<long, KindMeter> meterFor, long start, CancellationToken cancellationToken)
    {
        var slots = new SemaphoreSlim(shape.Concurrency, shape.Concurrency);
        var inFlight = new InFlight();
        var due = Math.Min(shape.Duration is { } d ? schedule.CountWithin(d) : long.MaxValue, shape.Count ?? long.MaxValue);
        var giveUpAt = shape.Duration is { } end ? end + shape.Grace : TimeSpan.MaxValue;
        long index = 0;
        try
        {
            for (; index < due; index++)
            {
                var intended = schedule.IntendedOffset(index);
                await UntilAsync(start, intended, cancellationToken);

                await slots.WaitAsync(cancellationToken);
                if (time.GetElapsedTime(start) > giveUpAt)
                {
                    slots.Release();
                    break;
                }

                inFlight.Add();
                _ = SendAsync(index, intended);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped from outside: what was sent is still measured below.
        }

        if (index < due && due != long.MaxValue && !cancellationToken.IsCancellationRequested)
        {
            meterFor(index).Unsent(due - index);
        }

        await inFlight.DrainAsync();

        async Task SendAsync(long i, TimeSpan intended)
        {
            try
            {
                var sent = time.GetElapsedTime(start);
                var outcome = await InvokeAsync(operation, i, cancellationToken);
                var done = time.GetElapsedTime(start);
                meterFor(i).Record(outcome, done - intended, done - sent);
            }
            finally
            {
                slots.Release();
                inFlight.Done();
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="offset"/> after the start. Timers may fire up to a tick early
    /// (and round sub-millisecond waits to zero), so it checks again and waits whole milliseconds:
    /// a request sent early would be measured from a time it did not wait for.
    /// </summary>
    private async Task UntilAsync(long start, TimeSpan offset, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        while ((wait = offset - time.GetElapsedTime(start)) > TimeSpan.Zero)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), time, cancellationToken);
        }
    }

    private async Task MaxAsync(LoadShape shape, Operation operation, Func<long, KindMeter> meterFor, long start, CancellationToken cancellationToken)
    {
        long next = -1;
        var count = shape.Count ?? long.MaxValue;
        var duration = shape.Duration ?? TimeSpan.MaxValue;
        var senders = Enumerable.Range(0, shape.Concurrency).Select(_ => Task.Run(async () =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var intended = time.GetElapsedTime(start);
                if (intended >= duration)
                {
                    return;
                }

                var i = Interlocked.Increment(ref next);
                if (i >= count)
                {
                    return;
                }

                var outcome = await InvokeAsync(operation, i, cancellationToken);
                meterFor(i).Record(outcome, time.GetElapsedTime(start) - intended);
            }
        }, CancellationToken.None));
        await Task.WhenAll(senders);
    }

    private static async ValueTask<Outcome> InvokeAsync(Operation operation, long index, CancellationToken cancellationToken)
    {
        try
        {
            return await operation(index, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Outcome.Failure("cancelled");
        }
        catch (Exception e)
        {
            return Outcome.Failure(Failures.Classify(e));
        }
    }

    /// <summary>Counts requests in flight, so the run ends only when the last one answered.</summary>
    private sealed class InFlight
    {
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _count = 1;

        public void Add() => Interlocked.Increment(ref _count);

        public void Done()
        {
            if (Interlocked.Decrement(ref _count) == 0)
            {
                _drained.TrySetResult();
            }
        }

        public Task DrainAsync()
        {
            Done();
            return _drained.Task;
        }
    }
}

/// <summary>When a run started (a <see cref="TimeProvider"/> timestamp) and how long it took until its last answer.</summary>
internal readonly record struct RunTiming(long StartTimestamp, TimeSpan Elapsed);
