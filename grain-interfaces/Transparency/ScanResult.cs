namespace IpGuard.GrainInterfaces;

/// <summary>What a Transparency code scan found.</summary>
public enum ScanResult { Authentic, Unknown, Cloned, WrongBrand }
