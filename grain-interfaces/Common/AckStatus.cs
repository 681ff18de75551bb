namespace IpGuard.GrainInterfaces;

/// <summary>How a grain treated an event that carries an eventId.</summary>
public enum AckStatus { Applied, Duplicate, Conflict, NotFound, Forbidden }
