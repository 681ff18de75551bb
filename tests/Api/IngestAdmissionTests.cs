using IpGuard.Api.Listings;
using Microsoft.Extensions.Time.Testing;

namespace IpGuard.Tests.Api;

/// <summary>Ingest backpressure: events in flight are bounded, waiters enter in order, and the bound follows checkout's latency.</summary>
public sealed class IngestAdmissionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static (IngestAdmission Admission, FakeTimeProvider Time) Create(int max = 100, int min = 10, double targetMs = 5, double maxWaitSeconds = 5)
    {
        var time = new FakeTimeProvider();
        var options = new AdmissionOptions
        {
            MaxEventsInFlight = max,
            MinEventsInFlight = min,
            CheckoutTargetMilliseconds = targetMs,
            MaxWait = TimeSpan.FromSeconds(maxWaitSeconds),
        };
        return (new IngestAdmission(options, time), time);
    }

    private static long Ms(FakeTimeProvider time, double ms) => (long)(ms / 1000 * time.TimestampFrequency);

    [Fact(DisplayName = "Admission: events enter up to the limit; the next request waits and enters, in order, as earlier ones are answered")]
    public async Task WaitersEnterInOrder()
    {
        var (admission, _) = Create(max: 100);
        var first = await admission.EnterAsync(60, CancellationToken.None);
        var second = await admission.EnterAsync(40, CancellationToken.None);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(100, admission.InFlight);

        var third = admission.EnterAsync(50, CancellationToken.None).AsTask();
        var fourth = admission.EnterAsync(10, CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        Assert.False(fourth.IsCompleted, "a small request does not overtake a waiting one");

        second!.Dispose();
        second.Dispose(); // a lease returns its permits once
        Assert.Equal(60, admission.InFlight);
        Assert.False(third.IsCompleted, "60 + 50 is over the limit");

        first!.Dispose();
        using var thirdLease = await third.WaitAsync(Bound);
        using var fourthLease = await fourth.WaitAsync(Bound);
        Assert.NotNull(thirdLease);
        Assert.NotNull(fourthLease);
        Assert.Equal(60, admission.InFlight);
    }

    [Fact(DisplayName = "Admission: a request that waited its longest is refused and holds nothing; one larger than the limit enters alone")]
    public async Task LongestWaitRefuses()
    {
        var (admission, time) = Create(max: 100, maxWaitSeconds: 2);
        var held = await admission.EnterAsync(500, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Equal(500, admission.InFlight);

        var waiting = admission.EnterAsync(1, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Null(await waiting.WaitAsync(Bound));
        Assert.Equal(500, admission.InFlight);

        held!.Dispose();
        Assert.Equal(0, admission.InFlight);
        using var next = await admission.EnterAsync(1, CancellationToken.None);
        Assert.NotNull(next);
    }

    [Fact(DisplayName = "Admission: a cancelled waiter leaves the queue and those behind it enter")]
    public async Task CancelledWaiterLeaves()
    {
        var (admission, _) = Create(max: 10);
        var held = await admission.EnterAsync(8, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var big = admission.EnterAsync(5, cancel.Token).AsTask();
        var small = admission.EnterAsync(2, CancellationToken.None).AsTask();
        Assert.False(small.IsCompleted);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => big.WaitAsync(Bound));
        using var smallLease = await small.WaitAsync(Bound);
        Assert.NotNull(smallLease);
        Assert.Equal(10, admission.InFlight);
        held!.Dispose();
    }

    [Fact(DisplayName = "Admission: slow checkouts lower the limit a quarter a window, never below the minimum; quiet windows raise it back to the maximum")]
    public async Task LimitFollowsCheckout()
    {
        var (admission, time) = Create(max: 160, min: 40, targetMs: 5);
        Assert.Equal(160, admission.Limit);

        void Window(int checkouts, int slow)
        {
            for (var i = 0; i < checkouts; i++)
            {
                admission.CheckoutServed(Ms(time, i < slow ? 20 : 1));
            }

            time.Advance(TimeSpan.FromMilliseconds(251));
            admission.CheckoutServed(Ms(time, 1));
        }

        Window(100, 0);
        Assert.Equal(160, admission.Limit);
        Window(100, 1);
        Assert.Equal(160, admission.Limit); // one in a hundred may be slow
        Window(100, 5);
        Assert.Equal(120, admission.Limit);
        Window(10, 10);
        Assert.Equal(120, admission.Limit); // too few checkouts to judge
        for (var i = 0; i < 10; i++)
        {
            Window(100, 50);
        }

        Assert.Equal(40, admission.Limit);

        // The lower limit holds ingest back: 40 in flight, the next waits.
        var held = await admission.EnterAsync(40, CancellationToken.None);
        var waiting = admission.EnterAsync(10, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        // Checkout goes quiet: the limit climbs a sixteenth of the maximum a window, and the waiter enters.
        Window(100, 0);
        Assert.Equal(50, admission.Limit);
        using var lease = await waiting.WaitAsync(Bound);
        Assert.NotNull(lease);

        // A long pause with no traffic counts every window that passed.
        time.Advance(TimeSpan.FromSeconds(10));
        admission.CheckoutServed(Ms(time, 1));
        Assert.Equal(160, admission.Limit);
        held!.Dispose();
    }

    [Fact(DisplayName = "Admission: with the maximum at 0 everything enters at once")]
    public async Task Disabled()
    {
        var (admission, _) = Create(max: 0);
        Assert.False(admission.Enabled);
        using var lease = await admission.EnterAsync(1_000_000, CancellationToken.None);
        Assert.NotNull(lease);
        Assert.Equal(0, admission.InFlight);
    }
}
