using IpGuard.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;

namespace IpGuard.Grains;

/// <summary>What a <see cref="DurableRecord{T}"/> asks of whoever keeps it.</summary>
internal interface IRecordOwner
{
    /// <summary>The grain whose turns the record runs on: its services and timers.</summary>
    IGrainBase Grain { get; }

    /// <summary>The subject the event log's marks name (<see cref="EventLog.MarkStagedAsync"/>): the sweeper calls it to append what it staged.</summary>
    GrainId RecordId { get; }

    /// <summary>Runs just before the state is handed to storage: what it sees is what is written (or newer). What it announces is published with this write.</summary>
    void BeforeWrite();

    /// <summary>Runs once the write succeeded, before its callers are answered; it must not throw: their change is durable.</summary>
    Task AfterWriteAsync();

    /// <summary>A write failed: what is in memory may not be what storage holds, so it must be read again before the next change.</summary>
    void WriteFailed();
}

/// <summary>What every <see cref="DurableRecord{T}"/> shares.</summary>
internal static class DurableRecord
{
    /// <summary>
    /// Stages an event in the state's outbox. With Redis the storage appends it to the event log
    /// in the same script that stores the state, so the change and its event exist together or
    /// not at all. Otherwise it is written with the state, so it is durable before the write is
    /// answered, and appended to the event log right after the write (and again on reload,
    /// should the process die in between). Its id is the subject's sequence number: a replay
    /// carries the same id.
    /// </summary>
    public static void Emit(IEventSource source, string type, string subject, string? brandId, DateTimeOffset at, string data)
    {
        var seq = ++source.EventSeq;
        (source.PendingEvents ??= []).Add(new LoggedEvent(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{subject}:{seq}"), type, at, subject, brandId, data));
    }
}

/// <summary>
/// One grain state whose every change is written before it is answered, composed into the grain
/// that keeps it: writes with group commit (<see cref="GroupCommit"/>), the state's outbox of
/// events for the event log (<see cref="IEventSource"/>), and the live feed's announcements,
/// published once the state holding them is written.
/// </summary>
internal sealed class DurableRecord<T>(IPersistentState<T> state, IRecordOwner owner) : GroupCommit
    where T : class
{
    private static readonly TimeSpan FlushRetry = TimeSpan.FromSeconds(5);

    private List<IpGuard.GrainInterfaces.FeedEvent>? _announcements;

    /// <summary>The outbox's bookkeeping, made only by a record that staged events: most never do.</summary>
    private OutboxState? _outbox;

    /// <summary>The record's mark of changes still to send to other grains (<see cref="IUnsentMarks"/>).</summary>
    private UnsentMark _unsent;

    public T State => state.State;

    private IServiceProvider Services => owner.Grain.GrainContext.ActivationServices;

    private EventLog Log => Services.GetRequiredService<EventLog>();

    private OutboxState Outbox => _outbox ??= new OutboxState();

    /// <summary>Queues a change for the live feed; it is published once the state holding it is written.</summary>
    public void Announce(IpGuard.GrainInterfaces.FeedEvent change) => (_announcements ??= []).Add(change);

    /// <summary>Stages with the state the <c>case.opened</c> of a case opened in its queue shard (the case's first event, <see cref="CaseViews.Opened"/>), and announces it.</summary>
    public void StageCaseOpened(IEventSource source, string caseId, CaseOpening opening, DateTimeOffset now)
    {
        (source.PendingEvents ??= []).Add(CaseViews.Opened(caseId, opening, now));
        Announce(CaseViews.Feed(caseId, opening, CaseStatus.Open, now));
    }

    /// <summary>
    /// Writes the state, answering once a write that began after this call's change is done.
    /// A failed write leaves an unpersisted change in memory (and its eventId in the idempotency
    /// window), so the owner drops what it holds (<see cref="IRecordOwner.WriteFailed"/>): the
    /// next call re-reads storage and a retry is applied for real, not answered as a duplicate.
    /// </summary>
    public Task PersistAsync() => CommitAsync();

    /// <summary>Removes the state from storage (its owner then leaves memory).</summary>
    public Task ClearAsync() => state.ClearStateAsync();

    /// <summary>On activation: appends what a previous activation staged and may not have appended (it died after the write).</summary>
    public Task FlushStagedEventsAsync()
    {
        _unsent.Loaded(state.State);
        if (state.State is not IEventSource { PendingEvents.Count: > 0 })
        {
            return Task.CompletedTask;
        }

        Outbox.Marked = true;
        return FlushEventsAsync();
    }

    /// <summary>
    /// The sweeper's call for a record marked as holding staged events, or changes to send, long
    /// ago: appends the events (loading the record did already), and clears a mark that outlived
    /// what it marked. What is still to send is the owner's to send (a sender loaded again
    /// resumes on its own).
    /// </summary>
    public async Task FlushMarkedEventsAsync()
    {
        await Last.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        _unsent.Swept();
        ClearUnsentMark();
        Outbox.Marked = true;
        if (state.State is IEventSource { PendingEvents.Count: > 0 })
        {
            await FlushEventsAsync();
        }
        else
        {
            await ClearMarkAsync();
        }
    }

    /// <summary>Once the owner has sent everything the state held for other grains: clears the record's mark, if it may have one (<see cref="UnsentMark.Clear"/>).</summary>
    public void ClearUnsentMark() => _unsent.Clear(state.State, Services, owner.RecordId);

    /// <summary>
    /// As the owner leaves memory: the appended events are still in the stored outbox, so it is
    /// cleared there, and the next load does not append them again. A crash skips this; then they
    /// are appended twice, with the same ids.
    /// </summary>
    public async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_outbox is { Rewrite: true } && StorageNames.WriteOnShutdown(Services, reason))
        {
            try
            {
                await PersistAsync();
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The events stay staged; the next activation appends them again (same ids).
            }
        }
    }

    protected override async Task WriteAsync(WriteSlot slot)
    {
        owner.BeforeWrite();
        var announcements = _announcements;
        _announcements = null;
        var source = state.State as IEventSource;
        var staged = source is { PendingEvents.Count: > 0 };
        try
        {
            if (staged && Log.AppendsWithStateWrites && _outbox is not { Marked: true })
            {
                // The storage appends them with the state, in one step: nothing to mark or append
                // after. (A marked record holds events from before; they go the marked way.)
                source!.Appending = source.PendingEvents;
                source.PendingEvents = null;
                staged = false;
            }
            else if (staged && !Outbox.Marked)
            {
                // Before the write: a crash after it leaves a mark the sweeper finds.
                await Log.MarkStagedAsync(owner.RecordId);
                Outbox.Marked = true;
            }

            var marked = _unsent.Writing(state.State);
            var done = false;
            try
            {
                await state.WriteStateAsync();
                done = true;
            }
            finally
            {
                _unsent.Written(marked, done, state.State, Services, owner.RecordId);
            }

            if (source?.Appending is { } appended)
            {
                source.Appending = null;
                Log.Appended(appended);
            }

            if (_outbox is not null && !staged)
            {
                // This write stored the outbox as it is now: nothing left to tidy.
                _outbox.Rewrite = false;
            }
        }
        catch (Exception e)
        {
            // Whether the events went with the state is unknown, as whether the state was
            // written: the owner drops the record and reads what storage holds.
            if (source is not null)
            {
                source.Appending = null;
            }

            // Nor does a retry of an earlier append outlive the record: the owner may hold many
            // records and live on, and what this one staged may never have been written.
            if (_outbox?.FlushTimer is { } retry)
            {
                retry.Dispose();
                _outbox.FlushTimer = null;
            }

            owner.WriteFailed();
            slot.Written.TrySetException(e);
            return;
        }

        if (announcements is not null)
        {
            var feed = Services.GetRequiredService<FeedBuffer>();
            foreach (var change in announcements)
            {
                feed.Publish(change);
            }
        }

        try
        {
            await owner.AfterWriteAsync();
        }
        finally
        {
            // Durable now: the staged events are in the written state, whatever happens to the append.
            slot.Written.TrySetResult();
        }

        if (staged)
        {
            await FlushEventsAsync();
        }
    }

    /// <summary>
    /// Appends the staged events to the log, in order; they leave the outbox in memory, and in
    /// storage with the next write (or on deactivation). If the log cannot be reached they stay
    /// staged, and are tried again on a timer, with the next write, and on reactivation.
    /// </summary>
    private async Task FlushEventsAsync()
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
            Outbox.FlushTimer ??= owner.Grain.RegisterGrainTimer(RetryFlushAsync, new GrainTimerCreationOptions(FlushRetry, FlushRetry) { Interleave = false });
            return;
        }

        pending.RemoveRange(0, Math.Min(batch.Length, pending.Count));
        Outbox.Rewrite = true;
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
            await Log.ClearStagedAsync(owner.RecordId);
            _outbox.Marked = false;
        }
        catch (Exception)
        {
            // A mark left behind costs the sweeper one call that finds nothing staged, and clears it.
        }
    }

    private async Task RetryFlushAsync(CancellationToken cancellationToken)
    {
        // Behind any write in flight, so the log keeps the subject's order.
        await Last.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await FlushEventsAsync();
    }

    /// <summary>What a record that stages events tracks of its outbox.</summary>
    private sealed class OutboxState
    {
        /// <summary>Set once events were appended that the stored outbox still holds: a write would tidy it.</summary>
        public bool Rewrite { get; set; }

        /// <summary>The log knows this record holds staged events (<see cref="EventLog.MarkStagedAsync"/>).</summary>
        public bool Marked { get; set; }

        public IGrainTimer? FlushTimer { get; set; }
    }
}
