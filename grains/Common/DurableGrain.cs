using IpGuard.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;

namespace IpGuard.Grains;

/// <summary>
/// A grain that keeps one <see cref="DurableRecord{T}"/>, its state: every change is written
/// before it answers. The grain owns the record: its hooks run around each write, a failed
/// write drops the activation, and its staged events are tidied as it leaves memory.
/// </summary>
internal abstract class DurableGrain<TState> : Grain, IRecordOwner
    where TState : class
{
    private FeedBuffer? _feed;

    protected DurableGrain(IPersistentState<TState> state) => Durable = new DurableRecord<TState>(state, this);

    /// <summary>The grain's state, written with group commit, with its outbox and announcements.</summary>
    protected DurableRecord<TState> Durable { get; }

    /// <summary>The grain's state as it is in memory.</summary>
    protected TState State => Durable.State;

    private FeedBuffer Feed => _feed ??= ServiceProvider.GetRequiredService<FeedBuffer>();

    IGrainBase IRecordOwner.Grain => this;

    GrainId IRecordOwner.RecordId => this.GetGrainId();

    /// <summary>Queues a change for the live feed; it is published once the state holding it is written.</summary>
    protected void Announce(IpGuard.GrainInterfaces.FeedEvent change) => Durable.Announce(change);

    /// <summary>Counts an applied event for the dashboard's events per second.</summary>
    protected void CountIngested() => Feed.CountIngested();

    /// <inheritdoc cref="DurableRecord.Emit"/>
    protected static void Emit(IEventSource source, string type, string subject, string? brandId, DateTimeOffset at, string data) =>
        DurableRecord.Emit(source, type, subject, brandId, at, data);

    /// <inheritdoc cref="DurableRecord{T}.StageCaseOpened"/>
    protected void StageCaseOpened(IEventSource source, string caseId, CaseOpening opening, DateTimeOffset now) =>
        Durable.StageCaseOpened(source, caseId, opening, now);

    /// <inheritdoc cref="DurableRecord{T}.PersistAsync"/>
    protected Task PersistAsync() => Durable.PersistAsync();

    /// <inheritdoc cref="DurableRecord{T}.FlushStagedEventsAsync"/>
    protected Task FlushStagedEventsAsync() => Durable.FlushStagedEventsAsync();

    /// <inheritdoc cref="DurableRecord{T}.FlushMarkedEventsAsync"/>
    protected Task FlushMarkedEventsAsync() => Durable.FlushMarkedEventsAsync();

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Durable.OnDeactivateAsync(reason, cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <inheritdoc cref="IRecordOwner.BeforeWrite"/>
    protected virtual void BeforeWrite()
    {
    }

    /// <inheritdoc cref="IRecordOwner.AfterWriteAsync"/>
    protected virtual Task AfterWriteAsync() => Task.CompletedTask;

    void IRecordOwner.BeforeWrite() => BeforeWrite();

    Task IRecordOwner.AfterWriteAsync() => AfterWriteAsync();

    void IRecordOwner.WriteFailed() => DeactivateOnIdle();
}
