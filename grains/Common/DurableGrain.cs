using Microsoft.Extensions.DependencyInjection;

namespace IpGuard.Grains;

/// <summary>A grain whose every change is written before it answers.</summary>
internal abstract class DurableGrain : Grain
{
    private List<IpGuard.GrainInterfaces.FeedEvent>? _announcements;
    private FeedBuffer? _feed;
    private Task _lastWrite = Task.CompletedTask;
    private WriteSlot? _queued;

    private FeedBuffer Feed => _feed ??= ServiceProvider.GetRequiredService<FeedBuffer>();

    /// <summary>Queues a change for the live feed; it is published once the state holding it is written.</summary>
    protected void Announce(IpGuard.GrainInterfaces.FeedEvent change) => (_announcements ??= []).Add(change);

    /// <summary>Counts an applied event for the dashboard's events per second.</summary>
    protected void CountIngested() => Feed.CountIngested();

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
        slot.Task = WriteAfterAsync(_lastWrite, state, slot);
        _lastWrite = slot.Task;
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
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }

        if (announcements is not null)
        {
            foreach (var change in announcements)
            {
                Feed.Publish(change);
            }
        }

        await AfterWriteAsync();

        if (ReferenceEquals(_queued, slot))
        {
            // No write queued behind this one: hold no finished task (~180 bytes an idle activation).
            _queued = null;
            _lastWrite = Task.CompletedTask;
        }
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

    /// <summary>A write that changes may still join until it starts.</summary>
    private sealed class WriteSlot
    {
        public Task Task { get; set; } = Task.CompletedTask;

        public bool Started { get; set; }
    }
}
