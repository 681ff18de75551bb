namespace IpGuard.Grains;

/// <summary>
/// A state whose write may leave changes for other grains still to send (a listing's to its
/// seller, brand stats and review case; a seller's to its review queue, listings and linked
/// sellers). A storage that keeps marks
/// (<see cref="IUnsentMarks"/>) marks the record in the same step as it writes such a state.
/// </summary>
internal interface IHoldsUnsent
{
    /// <summary>Never stored: whether the state being written still has changes to send.</summary>
    bool HasUnsent { get; }
}

/// <summary>
/// Marks of records written with changes still to send (<see cref="IHoldsUnsent"/>), kept by the
/// grain storage with its writes: a process that dies after such a write and before the sends
/// leaves a mark, and a silo's sweeper (<see cref="OutboxSweeper"/>) calls the record's holder,
/// which sends them. The holder clears the mark once everything is sent.
/// </summary>
internal interface IUnsentMarks
{
    /// <summary>
    /// Clears the record's mark, unless a write marked it again after this call. Not awaited: a
    /// mark left behind costs the sweeper one call that finds nothing to send.
    /// </summary>
    void Unmark(GrainId record);

    /// <summary>Records marked before <paramref name="before"/> and not cleared since (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<string>> MarkedBeforeAsync(DateTimeOffset before, int max);
}
