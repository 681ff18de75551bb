namespace IpGuard.GrainInterfaces;

/// <summary>Hashed identity facts that may link seller accounts.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.Fingerprints")]
public sealed record Fingerprints(string? BankAccountHash, string? DeviceId, string? AddressHash, string? TaxIdHash);
