using IpGuard.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;

namespace IpGuard.Grains;

/// <summary>A grain whose every change is written before it answers.</summary>
internal abstract class DurableGrain : Grain
{
    private static readonly TimeSpan FlushRetry = TimeSpan.FromSeconds(5);

    private List<IpGuard.GrainInterfaces.FeedEvent>? _announcements;
    private FeedBuffer? _feed;
    private Task _lastWrite = Task.CompletedTask;
    private WriteSlot? _queued;

    /// <summary>The outbox's bookkeeping, made only by a grain that staged events: most activations never do.</summary>
    private OutboxState? _outbox;

    private FeedBuffer Feed => _feed ??= ServiceProvider.GetRequiredService<FeedBuffer>();

    private EventLog Log => ServiceProvider.GetRequiredService<EventLog>();

    /// <summary>Queues a change for the live feed; it is published once the state holding it is written.</summary>
    protected void Announce(IpGuard.GrainInterfaces.FeedEvent change) => (_announcements ??= []).Add(change);

    /// <summary>Counts an applied event for the dashboard's events per second.</summary>
    protected void CountIngested() => Feed.CountIngested();

    /// <summary>
    /// Stages an event in the state's outbox. With Redis the storage appends it to the event log
    /// in the same script that stores the state, so the change and its event exist together or
    /// not at all. Otherwise it is written with the state, so it is durable before the write is
    /// answered, and appended to the event log right after the write (and again on reactivation,
    /// should the process die in between). Its id is the subject's sequence number: a replay
    /// carries the same id.
    /// </summary>
    protected static void Emit(IEventSource source, string type, string subject, string? brandId, DateTimeOffset at, string data)
    {
        var seq = ++source.EventSeq;
        (source.PendingEvents ??= []).Add(new LoggedEvent(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{subject}:{seq}"), type, at, subject, brandId, data));
    }

    /// <summary>Stages with this grain's state the <c>case.opened</c> of a case it opens in its queue shard (the case's first event, <see cref="CaseViews.Opened"/>), and announces it.</summary>
    protected void StageCaseOpened(IEventSource source, string caseId, CaseOpening opening, DateTimeOffset now)
    {
        (source.PendingEvents ??= []).Add(CaseViews.Opened(caseId, opening, now));
        Announce(CaseViews.Feed(caseId, opening, CaseStatus.Open, now));
    }

    /// <summary>On activation: appends what a previous activation staged and may not have appended (it died after the write).</summary>
    protected Task FlushStagedEventsAsync<T>(IPersistentState<T> state) where T : IEventSource
    {
        if (state.State.PendingEvents is not { Count: > 0 })
        {
            return Task.CompletedTask;
        }

        Outbox.Marked = true;
        return FlushEventsAsync(state);
    }

    /// <summary>
    /// The sweeper's call for a grain marked as holding staged events long ago: appends them
    /// (activating the grain did already), and clears a mark that outlived its events.
    /// </summary>
    protected async Task FlushMarkedEventsAsync<T>(IPersistentState<T> state) where T : IEventSource
    {
        await _lastWrite.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        Outbox.Marked = true;
        if (state.State.PendingEvents is { Count: > 0 })
        {
            await FlushEventsAsync(state);
        }
        else
        {
            await ClearMarkAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The appended events are still in the stored outbox: clear it there, so the next
        // activation does not append them again. A crash skips this; then they are appended twice.
        if (_outbox is { Rewrite: { } rewrite } && StorageNames.WriteOnShutdown(ServiceProvider, reason))
        {
            try
            {
                await rewrite();
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The events stay staged; the next activation appends them again (same ids).
            }
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// Writes the state, answering once a write that began after this call's change is done.
    /// Writes never overlap (a timer turn or an interleaved call waits for the one in flight),
    /// and changes made while one is in flight share the next write: group commit.
    /// A failed write leaves an unpersisted change in memory (and its eventId in the idempotency
    /// window), so the activation is dropped: the next call re-reads storage and a retry is
    /// applied for real instead of being answered as a duplicate.
    /// </summary>
    protected Task PersistAsync<T>(IPersistentState<T> state)
    {
        if (_queued is { Started: false } waiting)
        {
            return waiting.Task;
        }

        var slot = new WriteSlot();
        _queued = slot;

        // Callers are answered once the state is written; the chain (the next write waits for
        // it) goes on to append the staged events, so a subject's events keep their order.
        _lastWrite = WriteAfterAsync(_lastWrite, state, slot);
        return slot.Task;
    }

    private async Task WriteAfterAsync<T>(Task previous, IPersistentState<T> state, WriteSlot slot)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

        // From here on (even when this ran on synchronously), a new change needs a new write.
        slot.Started = true;
        BeforeWrite();
        var announcements = _announcements;
        _announcements = null;
        var staged = state.State is IEventSource { PendingEvents.Count: > 0 };
        var source = state.State as IEventSource;
        try
        {
            if (staged && Log.AppendsWithStateWrites && _outbox is not { Marked: true })
            {
                // The storage appends them with the state, in one step: nothing to mark or append
                // after. (A marked grain holds events from before; they go the marked way.)
                source!.Appending = source.PendingEvents;
                source.PendingEvents = null;
                staged = false;
            }
            else if (staged && !Outbox.Marked)
            {
                // Before the write: a crash after it leaves a mark the sweeper finds.
                await Log.MarkStagedAsync(this.GetGrainId());
                Outbox.Marked = true;
            }

            await state.WriteStateAsync();
            if (source?.Appending is { } appended)
            {
                source.Appending = null;
                Log.Appended(appended);
            }

            if (_outbox is not null && !staged)
            {
                // This write stored the outbox as it is now: nothing left to tidy.
                _outbox.Rewrite = null;
            }
        }
        catch (Exception e)
        {
            // Whether the events went with the state is unknown, as whether the state was
            // written: the activation is dropped and the next one reads what storage holds.
            if (source is not null)
            {
                source.Appending = null;
            }

            DeactivateOnIdle();
            slot.Written.TrySetException(e);
            throw;
        }

        if (announcements is not null)
        {
            foreach (var change in announcements)
            {
                Feed.Publish(change);
            }
        }

        try
        {
            await AfterWriteAsync();
        }
        finally
        {
            // Durable now: the staged events are in the written state, whatever happens to the append.
            slot.Written.TrySetResult();
        }

        if (staged)
        {
            await FlushEventsAsync(state);
        }

        if (ReferenceEquals(_queued, slot))
        {
            // No write queued behind this one: hold no finished task (~180 bytes an idle activation).
            _queued = null;
            _lastWrite = Task.CompletedTask;
        }
    }

    private OutboxState Outbox => _outbox ??= new OutboxState();

    /// <summary>
    /// Appends the staged events to the log, in order; they leave the outbox in memory, and in
    /// storage with the next write (or on deactivation). If the log cannot be reached they stay
    /// staged, and are tried again on a timer, with the next write, and on reactivation.
    /// </summary>
    private async Task FlushEventsAsync<T>(IPersistentState<T> state)
    {
        if (state.State is not IEventSource { PendingEvents: { Count: > 0 } pending } source)
        {
            return;
        }

        var batch = pending.ToArray();
        try
        {
            await Log.AppendAsync(batch);
        }
        catch (Exception)
        {
            Outbox.FlushTimer ??= this.RegisterGrainTimer(RetryFlushAsync, state, new GrainTimerCreationOptions(FlushRetry, FlushRetry) { Interleave = false });
            return;
        }

        pending.RemoveRange(0, Math.Min(batch.Length, pending.Count));
        Outbox.Rewrite ??= () => PersistAsync(state);
        if (pending.Count == 0)
        {
            source.PendingEvents = null;
            await ClearMarkAsync();
        }

        Outbox.FlushTimer?.Dispose();
        Outbox.FlushTimer = null;
    }

    private async Task ClearMarkAsync()
    {
        if (_outbox is not { Marked: true })
        {
            return;
        }

        try
        {
            await Log.ClearStagedAsync(this.GetGrainId());
            _outbox.Marked = false;
        }
        catch (Exception)
        {
            // A mark left behind costs the sweeper one call that finds nothing staged, and clears it.
        }
    }

    private async Task RetryFlushAsync<T>(IPersistentState<T> state, CancellationToken cancellationToken)
    {
        // Behind any write in flight, so the log keeps the subject's order.
        await _lastWrite.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await FlushEventsAsync(state);
    }

    /// <summary>
    /// Runs just before the state is handed to storage: what it sees is what is written (or newer).
    /// What it announces is published with this write.
    /// </summary>
    protected virtual void BeforeWrite()
    {
    }

    /// <summary>
    /// Runs once the write succeeded, before its callers are answered; housekeeping of state
    /// that lives beside the main record. It must not throw: the callers' change is durable.
    /// </summary>
    protected virtual Task AfterWriteAsync() => Task.CompletedTask;

    /// <summary>What a grain that stages events tracks of its outbox.</summary>
    private sealed class OutboxState
    {
        /// <summary>Set once events were appended that the stored outbox still holds: a write that tidies it.</summary>
        public Func<Task>? Rewrite { get; set; }

        /// <summary>The log knows this grain holds staged events (<see cref="EventLog.MarkStagedAsync"/>).</summary>
        public bool Marked { get; set; }

        public IGrainTimer? FlushTimer { get; set; }
    }
}
