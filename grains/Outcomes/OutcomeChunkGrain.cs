using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>Up to <see cref="IOutcomeLogGrain.ChunkSize"/> examples of the outcome log, in sequence order.</summary>
[GrainType("outcome-chunk")]
internal sealed class OutcomeChunkGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<OutcomeChunkState> state) : DurableGrain<OutcomeChunkState>(state), IOutcomeChunkGrain
{
    private List<RecordedOutcome> Items => State.Items;

    public async Task Append(RecordedOutcome outcome)
    {
        if (Items.Exists(i => i.Seq == outcome.Seq))
        {
            return;
        }

        var at = Items.FindIndex(i => i.Seq > outcome.Seq);
        Items.Insert(at < 0 ? Items.Count : at, outcome);
        await PersistAsync();
    }

    public Task<IReadOnlyList<RecordedOutcome>> Read(long after, int limit) =>
        Task.FromResult<IReadOnlyList<RecordedOutcome>>([.. Items.Where(i => i.Seq > after).Take(limit)]);

    public async Task Clear()
    {
        await Durable.ClearAsync();
        DeactivateOnIdle();
    }
}

/// <summary>An outcome chunk's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.OutcomeChunkState")]
internal sealed class OutcomeChunkState
{
    [Id(0)] public List<RecordedOutcome> Items { get; set; } = [];
}
