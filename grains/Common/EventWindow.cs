using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace IpGuard.Grains;

/// <summary>
/// The recent eventIds a grain has applied, for idempotency. The last <see cref="Capacity"/>
/// ids are remembered with a hash of their payload; the last <see cref="ResultCapacity"/> also
/// keep the result they produced, which a repeat returns. A repeat older than that gets the
/// grain's current view, still marked as a duplicate and still never applied twice.
/// </summary>
/// <remarks>
/// An id is remembered by a 64-bit hash of it (XxHash64), not by its text: 16 bytes an event with
/// its payload's hash in memory (~20 in storage), where the text took ~100 in memory and was
/// rewritten with every write of a listing updated a thousand times. Two ids of one grain's last
/// thousand share a hash with odds of about 1 in 10^13; ids are chosen by the marketplace's own
/// (trusted) ingest, and a collision would make the second event a 409 conflict, or, should the
/// payload hashes collide too, a duplicate. States written before kept the text in
/// <see cref="Entries"/>; those are still recognised, and folded into the compact form on the next event.
/// Members left null are not written at all (<see cref="OmitDefaultMemberValuesAttribute"/>), so
/// that a build from before, reading this one's state during a rolling upgrade or after a rollback,
/// keeps its own empty <c>Entries</c> rather than a null it cannot handle.
/// </remarks>
[GenerateSerializer, Alias("ipguard.EventWindow"), OmitDefaultMemberValues]
internal sealed class EventWindow
{
    public const int Capacity = 1000;
    public const int ResultCapacity = 4;

    /// <summary>The window as builds before the compact form wrote it; null once folded in.</summary>
    [Id(0)] public List<EventEntry>? Entries { get; set; }

    /// <summary>Oldest first, two numbers an event: the hash of its id, then the hash of its payload.</summary>
    [Id(1)] public List<ulong>? Hashes { get; set; }

    /// <summary>The results of the newest events, oldest first, at most <see cref="ResultCapacity"/>.</summary>
    [Id(2)] public List<object?>? Results { get; set; }

    /// <summary>The problem text for an eventId reused with another payload.</summary>
    public static string Reused(string eventId) => $"eventId '{eventId}' was already used with a different body";

    private int Count => (Hashes?.Count ?? 0) / 2;

    /// <summary>The applied event with this id, if it is still remembered.</summary>
    public EventSeen? Find(string eventId)
    {
        if (Entries is { Count: > 0 } legacy)
        {
            for (var i = legacy.Count - 1; i >= 0; i--)
            {
                if (string.Equals(legacy[i].EventId, eventId, StringComparison.Ordinal))
                {
                    return new EventSeen(legacy[i].Hash, legacy[i].Answer);
                }
            }
        }

        if (Hashes is not { } hashes)
        {
            return null;
        }

        // Newest first: a retry usually follows its original closely.
        var id = IdHash(eventId);
        var pairs = CollectionsMarshal.AsSpan(hashes);
        for (var i = pairs.Length - 2; i >= 0; i -= 2)
        {
            if (pairs[i] == id)
            {
                var index = i / 2;
                var results = Results ?? [];
                var firstWithResult = Count - results.Count;
                return new EventSeen(pairs[i + 1], index >= firstWithResult ? results[index - firstWithResult] : null);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether this eventId was applied: null for a new event, else the repeat to answer (a
    /// duplicate when the payload hash matches, a conflict when it does not).
    /// </summary>
    public EventRepeat? Check(string eventId, ulong payloadHash) =>
        Find(eventId) is { } seen ? new EventRepeat(eventId, seen.Hash != payloadHash, seen.Answer) : null;

    /// <summary>The newest event's result, if one is kept.</summary>
    public object? LastAnswer => Results is { Count: > 0 } results ? results[^1] : null;

    public void Add(string eventId, ulong hash, object? result)
    {
        FoldLegacy();

        // Room is made before adding: a list read back from storage is exactly full, and adding
        // first would double its capacity for good.
        var hashes = Hashes ??= [];
        if (hashes.Count >= 2 * Capacity)
        {
            hashes.RemoveRange(0, hashes.Count - 2 * Capacity + 2);
        }

        hashes.Add(IdHash(eventId));
        hashes.Add(hash);

        var results = Results ??= [];
        if (results.Count >= ResultCapacity)
        {
            results.RemoveRange(0, results.Count - ResultCapacity + 1);
        }

        results.Add(result);
    }

    /// <summary>Whether <see cref="Mark"/> recorded this key and it is still remembered.</summary>
    public bool IsMarked(string key) => Find(key) is not null;

    /// <summary>
    /// Records that something applied once (see <see cref="OnceKeys"/>) was applied. It has no
    /// result, and goes in before the events that keep theirs, so that a mark never takes the
    /// place of an answer a repeat would return.
    /// </summary>
    public void Mark(string key)
    {
        FoldLegacy();
        var hashes = Hashes ??= [];
        if (hashes.Count >= 2 * Capacity)
        {
            hashes.RemoveRange(0, hashes.Count - 2 * Capacity + 2);
        }

        var at = 2 * (Count - Math.Min(Results?.Count ?? 0, Count));
        hashes.InsertRange(at, [IdHash(key), 0]);
    }

    private void FoldLegacy()
    {
        if (Entries is not { } legacy)
        {
            return;
        }

        Entries = null;
        if (legacy.Count == 0)
        {
            return;
        }

        var hashes = Hashes ??= new List<ulong>(2 * legacy.Count + 2);
        var results = Results ??= [];
        foreach (var entry in legacy)
        {
            hashes.Add(IdHash(entry.EventId));
            hashes.Add(entry.Hash);
        }

        // Only the newest legacy entries held results; they line up with the newest events.
        foreach (var entry in legacy.Skip(Math.Max(0, legacy.Count - ResultCapacity)))
        {
            results.Add(entry.Answer);
        }
    }

    private static ulong IdHash(string eventId) => XxHash64.HashToUInt64(MemoryMarshal.AsBytes(eventId.AsSpan()));
}

/// <summary>A remembered event: its payload's hash and, while recent, its result.</summary>
internal readonly record struct EventSeen(ulong Hash, object? Answer);

/// <summary>One applied event as builds before the compact window stored it: its id, payload hash and (while recent) its result.</summary>
[GenerateSerializer, Alias("ipguard.EventEntry")]
internal sealed class EventEntry
{
    [Id(0)] public string EventId { get; set; } = "";
    [Id(1)] public ulong Hash { get; set; }
    [Id(2)] public object? Answer { get; set; }
}
