using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// An eventId a grain has already applied, as <see cref="EventWindow.Check"/> finds it: every grain
/// that takes eventIds answers a repeat through this one type, so that a retry with the same
/// payload gets the same answer (marked as a duplicate) and the same id with another payload gets
/// the same 409 problem everywhere.
/// </summary>
internal readonly record struct EventRepeat(string EventId, bool IsConflict, object? Kept)
{
    /// <summary>The problem text of a reused eventId.</summary>
    public string Problem => EventWindow.Reused(EventId);

    /// <summary>The answer kept for the original event, when it is still kept and of this type.</summary>
    public T? KeptAs<T>() where T : class => Kept as T;

    /// <summary>The 409 for an eventId reused with another payload.</summary>
    public Ack<T> Conflict<T>() where T : class => Ack<T>.Conflict(Problem);

    /// <summary>The answer to a repeat: the 409 for another payload, else the kept answer (or, no longer kept, <paramref name="rebuild"/>'s) marked by <paramref name="asDuplicate"/>.</summary>
    public Ack<T> Answer<T>(Func<T> rebuild, Func<T, T> asDuplicate) where T : class =>
        IsConflict ? Conflict<T>() : Ack<T>.Duplicate(asDuplicate(KeptAs<T>() ?? rebuild()));
}

/// <summary>
/// Window keys for what a grain applies once that is not a client's event. They hold a space,
/// which no client eventId may (the api admits <c>[A-Za-z0-9._:-]</c>), so they never collide with one.
/// </summary>
internal static class OnceKeys
{
    /// <summary>A case's decision, applied once however often the case grain retries its effects.</summary>
    public static string CaseDecided(string caseId) => $"case {caseId}";
}
