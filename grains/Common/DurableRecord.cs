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
/// events for the event log (<see cref="IEventSource"/>, <see cref="RecordOutbox"/>), and the
/// live feed's announcements, published once the state holding them is written.
/// </summary>
internal sealed class DurableRecord<T>(IPersistentState<T> state, IRecordOwner owner) : GroupCommit, IStagingRecord
    where T : class
{
    private List<IpGuard.GrainInterfaces.FeedEvent>? _announcements;

    /// <summary>Made only by a record that staged events the storage could not append with the state: most never do.</summary>
    private RecordOutbox? _outbox;

    /// <summary>The record's mark of changes still to send to other grains (<see cref="IUnsentMarks"/>).</summary>
    private UnsentMark _unsent;

    public T State => state.State;

    IRecordOwner IStagingRecord.Owner => owner;

    IEventSource? IStagingRecord.Source => state.State as IEventSource;

    Task IStagingRecord.Writes => Last;

    private IServiceProvider Services => owner.Grain.GrainContext.ActivationServices;

    private RecordOutbox Outbox => _outbox ??= new RecordOutbox(this);

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
        return Outbox.FlushAsync();
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
            await Outbox.FlushAsync();
        }
        else
        {
            await Outbox.ClearMarkAsync();
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
            if (staged && Services.GetRequiredService<EventLog>().AppendsWithStateWrites && _outbox is not { Marked: true })
            {
                // The storage appends them with the state, in one step: nothing to mark or append
                // after. (A marked record holds events from before; they go the marked way.)
                source!.Appending = source.PendingEvents;
                source.PendingEvents = null;
                staged = false;
            }
            else if (staged)
            {
                await Outbox.MarkAsync();
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
                Services.GetRequiredService<EventLog>().Appended(appended);
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

            _outbox?.WriteFailed();
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
            await Outbox.FlushAsync();
        }
    }
}
