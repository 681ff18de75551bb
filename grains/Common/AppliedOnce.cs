namespace IpGuard.Grains;

/// <summary>
/// The keys of things a grain applies once that carry no payload to compare (a case's decision, a
/// notice's decision), kept in a bounded list in the grain's state, oldest first: the one way the
/// brand, reporter and listing records ignore a retried effect. Events with an eventId and a
/// payload go through <see cref="EventWindow.Check"/> instead.
/// </summary>
internal static class AppliedOnce
{
    public static bool Contains(List<string>? applied, string key) => applied is not null && applied.Contains(key);

    /// <summary>Records a key as applied, forgetting the oldest beyond <paramref name="capacity"/>.</summary>
    public static void Add(List<string> applied, string key, int capacity)
    {
        applied.Add(key);
        if (applied.Count > capacity)
        {
            applied.RemoveAt(0);
        }
    }

    /// <summary>Records a key unless it was applied already; whether it is new (a repeat is to be ignored).</summary>
    public static bool TryAdd(List<string> applied, string key, int capacity)
    {
        if (applied.Contains(key))
        {
            return false;
        }

        Add(applied, key, capacity);
        return true;
    }
}
