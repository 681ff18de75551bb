using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// A grain state that stages the events its changes cause: an outbox written with the state,
/// so that an event is durable exactly when the change that caused it is.
/// </summary>
internal interface IEventSource
{
    /// <summary>The number of the subject's last event: ids are "{subject}:{n}".</summary>
    long EventSeq { get; set; }

    /// <summary>Events written but not yet confirmed appended to the log, oldest first; null when none.</summary>
    List<LoggedEvent>? PendingEvents { get; set; }

    /// <summary>
    /// Never stored: the events the write in flight appends to the log in the same step as it
    /// stores the state, with a storage that can (<see cref="IEventStore.AppendsWithStateWrites"/>).
    /// </summary>
    List<LoggedEvent>? Appending { get; set; }
}
