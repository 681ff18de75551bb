using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IpGuard.Grains;

/// <summary>
/// One webhook's worker. On a timer it reads the log after its cursor (its types, its brand),
/// posts each event, and advances the cursor over what is acknowledged or abandoned. Subjects
/// are delivered side by side, a subject's own events one after another: a failed event holds
/// back only the later events of its subject, until a retry succeeds or 24 h pass. The cursor
/// and the failing events are written each round, so deliveries resume after a restart; events
/// delivered past the cursor may then be delivered again (consumers dedupe by id).
/// </summary>
[GrainType("webhook")]
internal sealed partial class WebhookGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<WebhookState> state,
    WebhookSender sender,
    EventMetrics metrics,
    RiskClock clock,
    IOptions<WebhookOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain
{
    /// <summary>How many events past the cursor one round considers: the reach of subjects that are not held back.</summary>
    public const int Window = 1000;

    /// <summary>How many attempts <see cref="WebhookState.Attempts"/> keeps.</summary>
    public const int AttemptsKept = 200;

    private const int MaxRoundsPerTick = 20;

    /// <summary>Events past the cursor already acknowledged or abandoned (memory only).</summary>
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    /// <summary>Cancelled by <see cref="Delete"/>: the round in flight stops.</summary>
    private readonly CancellationTokenSource _deleted = new();
    private IGrainTimer? _timer;

    /// <summary>The delivery round in flight, if any, that <see cref="Delete"/> waits out.</summary>
    private Task? _round;
    private bool _dirty;

    private WebhookState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    private IEventReaderGrain Reader => GrainFactory.GetGrain<IEventReaderGrain>(0);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S is { Definition: not null, Deleted: false })
        {
            StartTimer();
        }

        return Task.CompletedTask;
    }

    public async Task Start(WebhookDefinition definition)
    {
        if (S.Deleted)
        {
            return;
        }

        if (S.Definition is null)
        {
            // Deliveries start with the events appended from now on.
            S.Definition = definition;
            S.Cursor = await Reader.Tail();
            await state.WriteStateAsync();
        }

        StartTimer();
    }

    public async Task Delete()
    {
        _timer?.Dispose();
        _timer = null;
        await _deleted.CancelAsync();
        if (_round is { } round)
        {
            // It ends at its next await (a send in flight is aborted), and any write it began lands first.
            await round.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        S.Deleted = true;
        S.Retrying.Clear();
        await state.WriteStateAsync();
        metrics.Forget(Id);
        DeactivateOnIdle();
    }

    public Task<IReadOnlyList<DeliveryAttempt>> GetDeliveries(int limit) =>
        Task.FromResult<IReadOnlyList<DeliveryAttempt>>([.. Enumerable.Reverse(S.Attempts).Take(limit)]);

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.PollInterval) { Interleave = false, KeepAlive = true });

    private Task TickAsync(CancellationToken cancellationToken) => _round = RoundsAsync(cancellationToken);

    private async Task RoundsAsync(CancellationToken cancellationToken)
    {
        // A stopping silo may no longer place the event reader: what is not acknowledged in storage
        // is delivered by the next activation, with the same ids.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping, _deleted.Token);
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await DeliverRoundsAsync(stopping.Token);
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Stopped mid-round: as above.
        }
    }

    private async Task DeliverRoundsAsync(CancellationToken cancellationToken)
    {
        if (S is not { Definition: { } webhook, Deleted: false })
        {
            return;
        }

        var brands = webhook.BrandId is null ? null : new[] { webhook.BrandId };
        for (var round = 0; round < MaxRoundsPerTick && !cancellationToken.IsCancellationRequested; round++)
        {
            var before = S.Cursor;
            var page = await Reader.Read(new EventQuery(before, Window, webhook.Types, brands));
            if (page.Status != EventPageStatus.Ok)
            {
                // Past retention (or a cursor of another partition count): what is kept is all there is.
                LogCursorLost(logger, Id, page.Status.ToString());
                S.Cursor = page.Status == EventPageStatus.Gone ? null : await Reader.Tail();
                _done.Clear();
                S.Retrying.Clear();
                _dirty = true;
                continue;
            }

            var items = page.Items;
            await DeliverAsync(webhook, [.. items.Where(e => !_done.Contains(e.Event.Id))], cancellationToken);

            var acknowledged = 0;
            while (acknowledged < items.Count && _done.Remove(items[acknowledged].Event.Id))
            {
                acknowledged++;
            }

            S.Cursor = acknowledged == items.Count ? page.Next : acknowledged > 0 ? items[acknowledged - 1].After : before;
            _dirty |= S.Cursor != before;
            metrics.Lag(Id, acknowledged < items.Count ? clock.UtcNow - items[acknowledged].Event.At : TimeSpan.Zero);
            if (_dirty)
            {
                if (cancellationToken.IsCancellationRequested && !StorageNames.StateOutlivesProcess(ServiceProvider))
                {
                    // Stopping in memory: the cursor ends with the process (and its storage may be gone).
                    return;
                }

                await state.WriteStateAsync();
                _dirty = false;
            }

            // Go on at once only while whole pages are acknowledged: else the rest waits for a retry or new events.
            if (acknowledged < items.Count || (items.Count == 0 && S.Cursor == before))
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(WebhookDefinition webhook, List<LogEntry> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        using var gate = new SemaphoreSlim(options.Value.Concurrency);
        await Task.WhenAll(pending.GroupBy(e => e.Event.Subject, StringComparer.Ordinal).Select(subject => DeliverSubjectAsync(webhook, subject, gate, cancellationToken)));
    }

    /// <summary>Delivers a subject's events in order, stopping at the first that fails or waits for its retry.</summary>
    private async Task DeliverSubjectAsync(WebhookDefinition webhook, IEnumerable<LogEntry> events, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        foreach (var entry in events)
        {
            var e = entry.Event;
            S.Retrying.TryGetValue(e.Id, out var retry);
            if (retry is not null && retry.NextAt > clock.UtcNow)
            {
                return;
            }

            var attempt = (retry?.Attempts ?? 0) + 1;
            (bool Ok, int? Status, string? Error) result;
            await gate.WaitAsync(cancellationToken);
            try
            {
                result = await sender.SendAsync(webhook, e, cancellationToken);
            }
            finally
            {
                gate.Release();
            }

            var now = clock.UtcNow;
            var outcome = result.Ok ? "delivered" : now - (retry?.FirstAt ?? now) >= options.Value.RetryFor ? "abandoned" : "failed";
            Record(new DeliveryAttempt(e.Id, attempt, outcome, now, result.Status, result.Error));
            if (outcome == "failed")
            {
                S.Retrying[e.Id] = new RetryState(attempt, retry?.FirstAt ?? now, now + Backoff(attempt));
                return;
            }

            if (outcome == "abandoned")
            {
                LogAbandoned(logger, Id, e.Id, attempt);
            }

            S.Retrying.Remove(e.Id);
            _done.Add(e.Id);
        }
    }

    /// <summary>From the initial backoff, doubling with each attempt, at most the maximum apart.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var o = options.Value;
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(o.InitialBackoff.Ticks * factor, o.MaxBackoff.Ticks));
    }

    private void Record(DeliveryAttempt attempt)
    {
        metrics.Delivery(attempt.Status);
        S.Attempts.Add(attempt);
        if (S.Attempts.Count > AttemptsKept)
        {
            S.Attempts.RemoveRange(0, S.Attempts.Count - AttemptsKept);
        }

        _dirty = true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId}: its cursor was refused ({Status}); it goes on from what the log keeps")]
    private static partial void LogCursorLost(ILogger logger, string webhookId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId}: event {EventId} abandoned after {Attempts} attempts")]
    private static partial void LogAbandoned(ILogger logger, string webhookId, string eventId, int attempts);
}
