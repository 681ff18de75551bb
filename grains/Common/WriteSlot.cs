namespace IpGuard.Grains;

/// <summary>
/// One queued write of a record whose writes never overlap: changes made before it starts join it
/// (group commit), and their callers are answered when it is done.
/// </summary>
internal sealed class WriteSlot
{
    public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => Written.Task;

    /// <summary>Set as the write begins: a change from then on needs the next write.</summary>
    public bool Started { get; set; }
}
