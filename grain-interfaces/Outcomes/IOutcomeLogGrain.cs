namespace IpGuard.GrainInterfaces;

/// <summary>
/// The labelled outcomes the service records for learning its weights: one sequence, kept in
/// chunks (<see cref="IOutcomeChunkGrain"/>) so a write never rewrites the whole log. Outcomes
/// come at moderator and brand rate, never on the listing ingest path.
/// </summary>
[Alias("ipguard.IOutcomeLogGrain")]
public interface IOutcomeLogGrain : IGrainWithStringKey
{
    public const string Key = "outcomes";

    /// <summary>Examples a chunk holds.</summary>
    public const int ChunkSize = 256;

    /// <summary>Records an example once per key; answers its sequence number.</summary>
    [Alias("Record")]
    Task<long> Record(OutcomeExample example);

    /// <summary>Examples after a sequence number (0: from the oldest kept), oldest first.</summary>
    [Alias("Read"), ReadOnly]
    Task<OutcomePage> Read(long after, int limit);
}

/// <summary>One chunk of the outcome log, keyed "outcomes/{n}": sequences n*ChunkSize+1 .. (n+1)*ChunkSize.</summary>
[Alias("ipguard.IOutcomeChunkGrain")]
public interface IOutcomeChunkGrain : IGrainWithStringKey
{
    /// <summary>Stores an example at its sequence (idempotent).</summary>
    [Alias("Append")]
    Task Append(RecordedOutcome outcome);

    /// <summary>The chunk's examples after a sequence, at most limit.</summary>
    [Alias("Read"), ReadOnly]
    Task<IReadOnlyList<RecordedOutcome>> Read(long after, int limit);

    /// <summary>Drops the chunk (it fell out of retention).</summary>
    [Alias("Clear")]
    Task Clear();
}
