using System.Collections.Concurrent;
using IpGuard.LoadGen.Measurement;
using Microsoft.Extensions.Time.Testing;

namespace IpGuard.Tests.LoadGen;

public sealed class PacingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact(DisplayName = "Open-loop schedule: request i is due i / rate after the start, and a window holds the requests due before its end")]
    public void ScheduleAtRate()
    {
        var schedule = new OpenLoopSchedule(200);
        Assert.Equal(TimeSpan.Zero, schedule.IntendedOffset(0));
        Assert.Equal(TimeSpan.FromMilliseconds(5), schedule.IntendedOffset(1));
        Assert.Equal(TimeSpan.FromSeconds(1), schedule.IntendedOffset(200));
        Assert.Equal(TimeSpan.FromSeconds(30), schedule.IntendedOffset(6000));
        Assert.Equal(200, schedule.CountWithin(TimeSpan.FromSeconds(1)));

        var thirds = new OpenLoopSchedule(3);
        Assert.Equal(TimeSpan.FromTicks(3_333_333), thirds.IntendedOffset(1));
        Assert.Equal(3, thirds.CountWithin(TimeSpan.FromSeconds(1)));
        Assert.Equal(1, new OpenLoopSchedule(0.5).CountWithin(TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpenLoopSchedule(0));
    }

    [Fact(DisplayName = "No coordinated omission: a request stalled 1 s behind a single sender shows the stall in every later request's latency")]
    public async Task StallShowsInLatency()
    {
        var time = new FakeTimeProvider();
        var meter = new KindMeter("test");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var shape = new LoadShape(Rate: 10, Concurrency: 1, Duration: TimeSpan.FromMilliseconds(500));

        var run = Task.Run(() => new LoadRunner(time).RunAsync(shape, async (i, _) =>
        {
            if (i == 0)
            {
                // The first answer takes a second; the clock moves before the runner looks at it again.
                time.Advance(TimeSpan.FromSeconds(1));
                started.SetResult();
                await release.Task;
            }

            return Outcome.Success();
        }, meter, CancellationToken.None));
        await started.Task.WaitAsync(Bound);
        release.SetResult();
        await run.WaitAsync(Bound);

        var latency = meter.Latency;
        latency.TakeInterval();
        var total = latency.Total();
        Assert.Equal(5, meter.Requests);
        Assert.Equal(5, total.Count);

        // Due at 0, 100, 200, 300, 400 ms; all answered at 1 s: 1000, 900, 800, 700, 600 ms.
        Assert.InRange(total.Max, 999, 1001);
        Assert.InRange(total.P50, 799, 801);
        Assert.InRange(latency.Distribution([0])[0].LatencyMs, 599, 601);
        Assert.InRange(total.Mean, 799, 801);

        // From their actual send, only the first took a second: the rest were sent at 1 s and answered at once.
        var service = meter.ServiceLatency;
        service.TakeInterval();
        var fromSend = service.Total();
        Assert.Equal(5, fromSend.Count);
        Assert.InRange(fromSend.Max, 999, 1001);
        Assert.True(fromSend.P50 < 1, $"p50 from send {fromSend.P50} ms");
    }

    [Fact(DisplayName = "An open-loop run that ends far behind its schedule stops sending and counts the requests it never sent as 'unsent'")]
    public async Task FarBehindCountsUnsent()
    {
        var time = new FakeTimeProvider();
        var meter = new KindMeter("test");
        var shape = new LoadShape(Rate: 10, Concurrency: 1, Duration: TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), shape.Grace);

        var run = new LoadRunner(time).RunAsync(shape, (i, _) =>
        {
            // A 5 s answer: past the 1 s run plus its 2 s grace.
            time.Advance(TimeSpan.FromSeconds(5));
            return ValueTask.FromResult(Outcome.Success());
        }, meter, CancellationToken.None);
        await run.WaitAsync(Bound);

        Assert.Equal(1, meter.Requests);
        Assert.Equal(9, meter.Errors["unsent"]);
    }

    [Fact(DisplayName = "An open-loop run at 200/s for 1 s sends every due request, none before its intended time")]
    public async Task NeverEarly()
    {
        var meter = new KindMeter("test");
        var sent = new ConcurrentDictionary<long, long>();
        var timing = await new LoadRunner(TimeProvider.System).RunAsync(new LoadShape(200, 8, TimeSpan.FromSeconds(1)), (i, _) =>
        {
            sent[i] = TimeProvider.System.GetTimestamp();
            return ValueTask.FromResult(Outcome.Success());
        }, meter, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(200, meter.Requests);
        var schedule = new OpenLoopSchedule(200);
        foreach (var (i, at) in sent)
        {
            var offset = TimeProvider.System.GetElapsedTime(timing.StartTimestamp, at);
            Assert.True(offset >= schedule.IntendedOffset(i), $"request {i} went at {offset}, before {schedule.IntendedOffset(i)}");
        }
    }

    [Fact(DisplayName = "Max rate runs N senders back to back: never more than N requests in flight, and exactly the requested count")]
    public async Task MaxRespectsConcurrency()
    {
        var meter = new KindMeter("test");
        var inFlight = 0;
        var most = 0;
        await new LoadRunner(TimeProvider.System).RunAsync(new LoadShape(null, 4, null, Count: 300), async (_, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Decrement(ref inFlight);
            return Outcome.Success(2);
        }, meter, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(300, meter.Requests);
        Assert.Equal(600, meter.Events);
        Assert.InRange(most, 1, 4);
    }

    [Fact(DisplayName = "A request that throws is counted as an error by kind (timeout, status) and the run goes on")]
    public async Task ThrowingOperationIsAnError()
    {
        var meter = new KindMeter("test");
        await new LoadRunner(TimeProvider.System).RunAsync(new LoadShape(null, 2, null, Count: 10), (i, _) => i switch
        {
            0 => throw new TaskCanceledException("timed out"),
            1 => throw new HttpRequestException("bad", null, System.Net.HttpStatusCode.BadGateway),
            _ => ValueTask.FromResult(Outcome.Success()),
        }, meter, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(10, meter.Requests);
        Assert.Equal(2, meter.Failed);
        Assert.Equal(1, meter.Errors["timeout"]);
        Assert.Equal(1, meter.Errors["502"]);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
