namespace IpGuard.GrainInterfaces;

/// <summary>Reads the event log for the api and the webhooks; one per silo as needed, no state.</summary>
[Alias("ipguard.IEventReaderGrain")]
public interface IEventReaderGrain : IGrainWithIntegerKey
{
    /// <summary>A page after a cursor, merged across the log's partitions in a stable order.</summary>
    [Alias("Read"), ReadOnly]
    Task<EventPage> Read(EventQuery query);

    /// <summary>A cursor at the log's current end: what follows it is what is appended from now on.</summary>
    [Alias("Tail"), ReadOnly]
    Task<string> Tail();
}
