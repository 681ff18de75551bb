using Microsoft.Extensions.DependencyInjection;

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

/// <summary>
/// One record's side of <see cref="IUnsentMarks"/>, kept by its <see cref="DurableRecord{T}"/>:
/// whether the stored record may carry a mark (a write held unsent changes, the record was read
/// holding some, or the sweeper called about a mark), and the clear once all is sent. A field,
/// not an object: every listing's record holds one.
/// </summary>
internal struct UnsentMark
{
    private bool _mayBeMarked;

    /// <summary>A write is in storage's hands: its mark may be queued, so a clear now could remove it.</summary>
    private bool _writing;

    private static bool Holds(object? state) => state is IHoldsUnsent { HasUnsent: true };

    /// <summary>The record was read: it may carry the mark of the write that stored it.</summary>
    public void Loaded(object? state) => _mayBeMarked |= Holds(state);

    /// <summary>The sweeper called about a mark.</summary>
    public void Swept() => _mayBeMarked = true;

    /// <summary>A write starts; whether the storage marks it (read as it starts).</summary>
    public bool Writing(object? state)
    {
        _writing = true;
        return Holds(state);
    }

    /// <summary>The write ended (done or failed); a done write that held nothing unsent clears an earlier mark.</summary>
    public void Written(bool marked, bool done, object? state, IServiceProvider services, GrainId record)
    {
        _writing = false;
        if (done && marked)
        {
            _mayBeMarked = true;
        }
        else if (done)
        {
            Clear(state, services, record);
        }
    }

    /// <summary>Clears the record's mark, if it may have one and the state holds nothing unsent. A later write's mark stays; while a write is in flight, its end decides.</summary>
    public void Clear(object? state, IServiceProvider services, GrainId record)
    {
        if (_mayBeMarked && !_writing && !Holds(state))
        {
            _mayBeMarked = false;
            (services.GetKeyedService<Orleans.Storage.IGrainStorage>(StorageNames.Default) as IUnsentMarks)?.Unmark(record);
        }
    }
}
