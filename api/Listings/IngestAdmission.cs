using System.ComponentModel.DataAnnotations;

namespace IpGuard.Api.Listings;

/// <summary>How listing ingest yields to checkout (section <c>IpGuard:Admission</c>).</summary>
public sealed class AdmissionOptions
{
    public const string Section = "IpGuard:Admission";

    /// <summary>Listing events this api lets into the silos at once while checkout is fast; 0 admits everything.</summary>
    [Range(0, 1_000_000)]
    public int MaxEventsInFlight { get; set; } = 2_000;

    /// <summary>The least it lets in however slow checkout is, so that ingest always moves.</summary>
    [Range(1, 1_000_000)]
    public int MinEventsInFlight { get; set; } = 32;

    /// <summary>
    /// The checkout time (from the handler's start to its answer) that at most one query in a
    /// hundred may exceed before ingest is held back.
    /// </summary>
    [Range(0.1, 10_000)]
    public double CheckoutTargetMilliseconds { get; set; } = 5;

    /// <summary>The longest an ingest request waits for room before it is answered 429 with Retry-After.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Backpressure on listing ingest, so that ingest waits and checkout never does. Each ingest
/// request takes as many permits as it carries events before it calls a grain, and waits (in
/// order) while the events in flight would exceed the limit: a producer that sends as fast as it
/// is answered is slowed by slower acknowledgements, and one that waited <see cref="AdmissionOptions.MaxWait"/>
/// is answered 429 with Retry-After. The limit follows checkout: every quarter second, if more
/// than one checkout in a hundred took longer than the target, it drops by a quarter (not below
/// the minimum); if none did, it climbs back by a sixteenth of the maximum. With no checkout
/// traffic it stays at the maximum. There is no timer: the window closes when a checkout or an
/// ingest request notices it has passed.
/// </summary>
internal sealed class IngestAdmission
{
    private const int MinCheckoutsToJudge = 20;
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    private readonly AdmissionOptions _options;
    private readonly TimeProvider _time;
    private readonly long _window;
    private readonly long _target;
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private int _limit;
    private int _inFlight;
    private long _windowStart;
    private int _checkouts;
    private int _slow;

    public IngestAdmission(AdmissionOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _window = (long)(Window.TotalSeconds * time.TimestampFrequency);
        _target = (long)(options.CheckoutTargetMilliseconds / 1000 * time.TimestampFrequency);
        _limit = options.MaxEventsInFlight;
        _windowStart = time.GetTimestamp();
    }

    public bool Enabled => _options.MaxEventsInFlight > 0;

    /// <summary>Events that may be in flight now.</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    /// <summary>Events admitted and not yet answered.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>
    /// Waits for room for <paramref name="events"/> events: a lease to dispose when they are
    /// answered, or null when no room came within the longest wait. A request larger than the
    /// limit enters alone.
    /// </summary>
    public async ValueTask<Lease?> EnterAsync(int events, CancellationToken cancellationToken)
    {
        if (!Enabled || events <= 0)
        {
            return new Lease(null, 0);
        }

        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            CloseWindowIfDue();
            if (_waiting.Count == 0 && Fits(events))
            {
                _inFlight += events;
                return new Lease(this, events);
            }

            waiter = new Waiter(events);
            node = _waiting.AddLast(waiter);
        }

        try
        {
            await waiter.Admitted.Task.WaitAsync(_options.MaxWait, _time, cancellationToken).ConfigureAwait(false);
            return new Lease(this, events);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            bool stillWaiting;
            lock (_lock)
            {
                stillWaiting = node.List is not null;
                if (stillWaiting)
                {
                    _waiting.Remove(node);
                    AdmitWaiting();
                }
            }

            if (stillWaiting)
            {
                if (e is TimeoutException)
                {
                    return null;
                }

                throw;
            }

            // Admitted just as the wait ended: the permits are this request's.
            if (e is TimeoutException)
            {
                return new Lease(this, events);
            }

            Release(events);
            throw;
        }
    }

    /// <summary>A checkout was answered after <paramref name="elapsedTimestamp"/> (in <see cref="TimeProvider"/> timestamp units).</summary>
    public void CheckoutServed(long elapsedTimestamp)
    {
        if (!Enabled)
        {
            return;
        }

        lock (_lock)
        {
            _checkouts++;
            if (elapsedTimestamp > _target)
            {
                _slow++;
            }

            CloseWindowIfDue();
        }
    }

    private void Release(int events)
    {
        lock (_lock)
        {
            _inFlight -= events;
            CloseWindowIfDue();
            AdmitWaiting();
        }
    }

    private bool Fits(int events) => _inFlight == 0 || _inFlight + events <= _limit;

    private void AdmitWaiting()
    {
        while (_waiting.First is { } first && Fits(first.Value.Events))
        {
            _waiting.RemoveFirst();
            _inFlight += first.Value.Events;
            first.Value.Admitted.TrySetResult();
        }
    }

    private void CloseWindowIfDue()
    {
        var now = _time.GetTimestamp();
        if (now - _windowStart < _window)
        {
            return;
        }

        var before = _limit;
        if (_checkouts >= MinCheckoutsToJudge && _slow * 100 > _checkouts)
        {
            _limit = Math.Max(Math.Min(_options.MinEventsInFlight, _options.MaxEventsInFlight), _limit - (_limit / 4));
        }
        else if (_slow == 0)
        {
            // Each quiet window that passed counts, also those nobody was there to close.
            var windows = (now - _windowStart) / _window;
            var step = Math.Max(1, _options.MaxEventsInFlight / 16);
            _limit = (int)Math.Min(_options.MaxEventsInFlight, _limit + (step * windows));
        }

        _windowStart = now;
        _checkouts = 0;
        _slow = 0;
        if (_limit > before)
        {
            AdmitWaiting();
        }
    }

    private sealed class Waiter(int events)
    {
        public int Events { get; } = events;

        public TaskCompletionSource Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Permits held by one ingest request; disposing returns them.</summary>
    public sealed class Lease(IngestAdmission? owner, int events) : IDisposable
    {
        private IngestAdmission? _owner = owner;

        public void Dispose()
        {
            Interlocked.Exchange(ref _owner, null)?.Release(events);
        }
    }
}
