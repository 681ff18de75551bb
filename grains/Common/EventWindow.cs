namespace IpGuard.Grains;

/// <summary>
/// The recent eventIds a grain has applied, for idempotency. The last <see cref="Capacity"/>
/// ids are remembered with a hash of their payload; the last <see cref="ResultCapacity"/> also
/// keep the result they produced, which a repeat returns. A repeat older than that gets the
/// grain's current view, still marked as a duplicate and still never applied twice.
/// </summary>
[GenerateSerializer, Alias("ipguard.EventWindow")]
internal sealed class EventWindow
{
    public const int Capacity = 1000;
    public const int ResultCapacity = 4;

    [Id(0)] public List<EventEntry> Entries { get; set; } = [];

    /// <summary>The problem text for an eventId reused with another payload.</summary>
    public static string Reused(string eventId) => $"eventId '{eventId}' was already used with a different body";

    public EventEntry? Find(string eventId)
    {
        // Newest first: a retry usually follows its original closely.
        for (var i = Entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(Entries[i].EventId, eventId, StringComparison.Ordinal))
            {
                return Entries[i];
            }
        }

        return null;
    }

    /// <summary>The newest entry's result, if it still holds one.</summary>
    public object? LastAnswer => Entries.Count > 0 ? Entries[^1].Answer : null;

    public void Add(string eventId, ulong hash, object? result)
    {
        Entries.Add(new EventEntry { EventId = eventId, Hash = hash, Answer = result });
        if (Entries.Count > Capacity)
        {
            Entries.RemoveRange(0, Entries.Count - Capacity);
        }

        var forget = Entries.Count - ResultCapacity - 1;
        if (forget >= 0)
        {
            Entries[forget].Answer = null;
        }
    }
}

/// <summary>One applied event: its id, payload hash and (while recent) its result.</summary>
[GenerateSerializer, Alias("ipguard.EventEntry")]
internal sealed class EventEntry
{
    [Id(0)] public string EventId { get; set; } = "";
    [Id(1)] public ulong Hash { get; set; }
    [Id(2)] public object? Answer { get; set; }
}
