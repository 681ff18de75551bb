namespace IpGuard.Grains;

/// <summary>A grain whose every change is written before it answers.</summary>
internal abstract class DurableGrain : Grain
{
    /// <summary>
    /// Writes the state. A failed write leaves an unpersisted change in memory (and its eventId
    /// in the idempotency window), so the activation is dropped: the next call re-reads storage
    /// and a retry is applied for real instead of being answered as a duplicate.
    /// </summary>
    protected async Task PersistAsync<T>(IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
