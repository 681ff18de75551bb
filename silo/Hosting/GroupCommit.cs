namespace IpGuard.Silo;

/// <summary>
/// Group commit for small Redis writes that many grains make at once: items added while a
/// flush is in flight are sent together in the next one, and each caller's task completes
/// (or fails) with the flush that carried its items. One command for many grains rather than
/// one each: the api's CPU, not Redis, bounds ingest.
/// </summary>
internal sealed class GroupCommit<T>(Func<List<T>, Task> flush)
{
    private readonly Lock _lock = new();
    private List<T> _pending = [];
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _flushing;

    public Task Add(IEnumerable<T> items)
    {
        lock (_lock)
        {
            _pending.AddRange(items);
            var done = _next.Task;
            if (!_flushing)
            {
                _flushing = true;
                _ = Task.Run(FlushAsync);
            }

            return done;
        }
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            List<T> batch;
            TaskCompletionSource done;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                batch = _pending;
                done = _next;
                _pending = [];
                _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            try
            {
                await flush(batch);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }
}
