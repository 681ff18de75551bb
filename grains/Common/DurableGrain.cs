using Microsoft.Extensions.DependencyInjection;

namespace IpGuard.Grains;

/// <summary>A grain whose every change is written before it answers.</summary>
internal abstract class DurableGrain : Grain
{
    private List<IpGuard.GrainInterfaces.FeedEvent>? _announcements;
    private FeedBuffer? _feed;
    private Task _lastWrite = Task.CompletedTask;

    private FeedBuffer Feed => _feed ??= ServiceProvider.GetRequiredService<FeedBuffer>();

    /// <summary>Queues a change for the live feed; it is published once the state holding it is written.</summary>
    protected void Announce(IpGuard.GrainInterfaces.FeedEvent change) => (_announcements ??= []).Add(change);

    /// <summary>Counts an applied event for the dashboard's events per second.</summary>
    protected void CountIngested() => Feed.CountIngested();

    /// <summary>
    /// Writes the state. A failed write leaves an unpersisted change in memory (and its eventId
    /// in the idempotency window), so the activation is dropped: the next call re-reads storage
    /// and a retry is applied for real instead of being answered as a duplicate.
    /// </summary>
    protected async Task PersistAsync<T>(IPersistentState<T> state)
    {
        // Writes never overlap, even where a timer turn interleaves with a request: each waits
        // for the one before it and then writes the whole state as it is by then.
        var previous = _lastWrite;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _lastWrite = done.Task;
        try
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            await state.WriteStateAsync();
        }
        catch
        {
            _announcements?.Clear();
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            done.SetResult();
        }

        if (_announcements is { Count: > 0 })
        {
            foreach (var change in _announcements)
            {
                Feed.Publish(change);
            }

            _announcements.Clear();
        }
    }
}
