namespace IpGuard.Grains;

/// <summary>
/// The writes of one record, in order: they never overlap, and changes made while one is in
/// flight share the next (group commit); each caller is answered once a write that began after
/// its change is done. <see cref="DurableRecord{T}"/> and the pages of <see cref="PagedRecords{TPage}"/>
/// are written through it. Its methods run on the owning grain's turns.
/// </summary>
internal abstract class GroupCommit
{
    private Task _last = Task.CompletedTask;
    private WriteSlot? _queued;

    /// <summary>The write in flight, and what it goes on to do after answering; done when none is.</summary>
    protected Task Last => _last;

    /// <summary>No write queued or in flight.</summary>
    public bool Idle => _queued is null && _last.IsCompleted;

    /// <summary>Queues a write of the record as it will be when the write starts, or joins one queued and not started.</summary>
    protected Task CommitAsync()
    {
        if (_queued is { Started: false } waiting)
        {
            return waiting.Task;
        }

        var slot = new WriteSlot();
        _queued = slot;
        var run = RunAfterAsync(_last, slot);

        // A chain with nothing left to wait for holds no finished task (~180 bytes an idle record).
        _last = run.IsCompleted ? Task.CompletedTask : run;
        return slot.Task;
    }

    private async Task RunAfterAsync(Task previous, WriteSlot slot)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

        // From here on (even when this ran on synchronously), a new change needs a new write.
        slot.Started = true;
        try
        {
            await WriteAsync(slot);
        }
        catch (Exception e)
        {
            // Its callers hear of it (a no-op if they were answered); the next write goes on.
            slot.Written.TrySetException(e);
        }
        finally
        {
            if (ReferenceEquals(_queued, slot))
            {
                _queued = null;
                _last = Task.CompletedTask;
            }
        }
    }

    /// <summary>
    /// Writes the record and completes <see cref="WriteSlot.Written"/> (done or failed) once its
    /// callers may be answered; what it does after that, the next write waits for.
    /// </summary>
    protected abstract Task WriteAsync(WriteSlot slot);
}
