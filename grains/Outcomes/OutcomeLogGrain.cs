using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// The head of the outcome log: hands out sequence numbers, remembers recent keys so a retried
/// effect records once, and keeps the last <see cref="KeptChunks"/> chunks (older ones are dropped).
/// Its own state is a few numbers and keys; the examples live in their chunk grains.
/// </summary>
[GrainType("outcome-log")]
internal sealed class OutcomeLogGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<OutcomeLogState> state) : DurableGrain<OutcomeLogState>(state), IOutcomeLogGrain
{
    /// <summary>Chunks kept: about 100,000 examples, enough for a fit, bounded in storage.</summary>
    public const int KeptChunks = 400;

    /// <summary>Keys remembered for deduplication; effects are retried within seconds, not days.</summary>
    public const int KeptKeys = 2048;

    private OutcomeLogState S => State;

    public async Task<long> Record(OutcomeExample example)
    {
        var known = S.RecentKeys.FindIndex(k => string.Equals(k.Key, example.Key, StringComparison.Ordinal));
        if (known >= 0)
        {
            var seen = S.RecentKeys[known];
            if (!seen.Stored)
            {
                // The head was written but the chunk write failed: store it now, at its own sequence.
                await Chunk(seen.Seq).Append(new RecordedOutcome(seen.Seq, example));
                S.RecentKeys[known] = seen with { Stored = true };
                await PersistAsync();
            }

            return seen.Seq;
        }

        var seq = ++S.LastSeq;
        S.RecentKeys.Add(new OutcomeKey(example.Key, seq, Stored: false));
        if (S.RecentKeys.Count > KeptKeys)
        {
            S.RecentKeys.RemoveRange(0, S.RecentKeys.Count - KeptKeys);
        }

        await PersistAsync();
        await Chunk(seq).Append(new RecordedOutcome(seq, example));

        var chunk = ChunkOf(seq);
        if (chunk >= KeptChunks && (seq - 1) % IOutcomeLogGrain.ChunkSize == 0)
        {
            // A chunk begins: the one that falls out of retention goes.
            await ChunkGrain(chunk - KeptChunks).Clear();
        }

        var index = S.RecentKeys.FindLastIndex(k => k.Seq == seq);
        if (index >= 0)
        {
            S.RecentKeys[index] = S.RecentKeys[index] with { Stored = true };
        }

        return seq;
    }

    public async Task<OutcomePage> Read(long after, int limit)
    {
        var cursor = Math.Max(after, OldestKept(S.LastSeq) - 1);
        var items = new List<RecordedOutcome>(Math.Min(limit, 1024));
        while (items.Count < limit && cursor < S.LastSeq)
        {
            items.AddRange(await Chunk(cursor + 1).Read(cursor, limit - items.Count));

            // On to the next chunk even past a gap (a chunk write that failed and was never retried).
            var chunkEnd = (ChunkOf(cursor + 1) + 1) * IOutcomeLogGrain.ChunkSize;
            cursor = items.Count >= limit ? items[^1].Seq : Math.Min(chunkEnd, S.LastSeq);
        }

        return new OutcomePage(items, cursor);
    }

    /// <summary>The oldest sequence the kept chunks can hold.</summary>
    internal static long OldestKept(long lastSeq)
    {
        var firstChunk = Math.Max(0, ChunkOf(Math.Max(1, lastSeq)) - KeptChunks + 1);
        return (firstChunk * IOutcomeLogGrain.ChunkSize) + 1;
    }

    private static long ChunkOf(long seq) => (seq - 1) / IOutcomeLogGrain.ChunkSize;

    private IOutcomeChunkGrain Chunk(long seq) => ChunkGrain(ChunkOf(seq));

    private IOutcomeChunkGrain ChunkGrain(long chunk) =>
        GrainFactory.GetGrain<IOutcomeChunkGrain>($"{IOutcomeLogGrain.Key}/{chunk.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}

/// <summary>The outcome log head's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.OutcomeLogState")]
internal sealed class OutcomeLogState
{
    [Id(0)] public long LastSeq { get; set; }

    /// <summary>The newest keys, oldest first, with their sequence and whether their chunk has them.</summary>
    [Id(1)] public List<OutcomeKey> RecentKeys { get; set; } = [];
}

/// <summary>A recorded key. Ids are never renumbered.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.OutcomeKey")]
internal sealed record OutcomeKey([property: Id(0)] string Key, [property: Id(1)] long Seq, [property: Id(2)] bool Stored);
