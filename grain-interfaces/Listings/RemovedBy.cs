namespace IpGuard.GrainInterfaces;

/// <summary>Who removed a listing.</summary>
public enum RemovedBy { Proactive, Brand, Moderator }
