namespace IpGuard.GrainInterfaces;

/// <summary>Who filed a report.</summary>
public enum ReporterKind { Buyer, System }
