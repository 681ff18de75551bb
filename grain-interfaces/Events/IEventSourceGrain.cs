namespace IpGuard.GrainInterfaces;

/// <summary>A grain that stages events in its state (seller, listing, case).</summary>
[Alias("ipguard.IEventSourceGrain")]
public interface IEventSourceGrain : IGrainWithStringKey
{
    /// <summary>Appends to the log what the grain staged and has not yet appended (after a crash).</summary>
    [Alias("FlushEvents")]
    Task FlushEvents();
}
