using IpGuard.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;

namespace IpGuard.Grains;

/// <summary>What a <see cref="RecordOutbox"/> reads of the record it serves.</summary>
internal interface IStagingRecord
{
    IRecordOwner Owner { get; }

    /// <summary>The record's state as it is now (a reload replaces it), if it stages events.</summary>
    IEventSource? Source { get; }

    /// <summary>The record's write in flight and what follows it; done when none is.</summary>
    Task Writes { get; }
}

/// <summary>
/// The event-log side of a <see cref="DurableRecord{T}"/> that staged events its storage could
/// not append with the state: the log's mark that the record holds staged events, their append
/// after the write, a retry on a timer while the log cannot be reached, and the rewrite that
/// tidies the stored outbox. Made only by a record that staged such events: most never do.
/// Its methods run on the owning grain's turns.
/// </summary>
internal sealed class RecordOutbox(IStagingRecord record)
{
    private static readonly TimeSpan FlushRetry = TimeSpan.FromSeconds(5);

    private IGrainTimer? _flushTimer;

    /// <summary>Set once events were appended that the stored outbox still holds: a write would tidy it.</summary>
    public bool Rewrite { get; set; }

    /// <summary>The log knows this record holds staged events (<see cref="EventLog.MarkStagedAsync"/>).</summary>
    public bool Marked { get; set; }

    private IRecordOwner Owner => record.Owner;

    private EventLog Log => Owner.Grain.GrainContext.ActivationServices.GetRequiredService<EventLog>();

    /// <summary>Before a write of staged events that go the marked way: a crash after it leaves a mark the sweeper finds.</summary>
    public async Task MarkAsync()
    {
        if (!Marked)
        {
            await Log.MarkStagedAsync(Owner.RecordId);
            Marked = true;
        }
    }

    /// <summary>A write failed: a retry of an earlier append does not outlive the record (the owner may hold many and live on; what it staged may never have been written).</summary>
    public void WriteFailed()
    {
        _flushTimer?.Dispose();
        _flushTimer = null;
    }

    /// <summary>
    /// Appends the staged events to the log, in order; they leave the outbox in memory, and in
    /// storage with the next write (or on deactivation). If the log cannot be reached they stay
    /// staged, and are tried again on a timer, with the next write, and on reactivation.
    /// </summary>
    public async Task FlushAsync()
    {
        if (record.Source is not { PendingEvents: { Count: > 0 } pending } source)
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
            _flushTimer ??= Owner.Grain.RegisterGrainTimer(RetryFlushAsync, new GrainTimerCreationOptions(FlushRetry, FlushRetry) { Interleave = false });
            return;
        }

        pending.RemoveRange(0, Math.Min(batch.Length, pending.Count));
        Rewrite = true;
        if (pending.Count == 0)
        {
            source.PendingEvents = null;
            await ClearMarkAsync();
        }

        _flushTimer?.Dispose();
        _flushTimer = null;
    }

    /// <summary>Clears the log's mark, if this record set one.</summary>
    public async Task ClearMarkAsync()
    {
        if (!Marked)
        {
            return;
        }

        try
        {
            await Log.ClearStagedAsync(Owner.RecordId);
            Marked = false;
        }
        catch (Exception)
        {
            // A mark left behind costs the sweeper one call that finds nothing staged, and clears it.
        }
    }

    private async Task RetryFlushAsync(CancellationToken cancellationToken)
    {
        // Behind any write in flight, so the log keeps the subject's order.
        await record.Writes.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await FlushAsync();
    }
}
