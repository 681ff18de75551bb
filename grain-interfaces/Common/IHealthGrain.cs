namespace IpGuard.GrainInterfaces;

/// <summary>A no-op grain for readiness checks and the trivial-call baseline.</summary>
[Alias("ipguard.IHealthGrain")]
public interface IHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Answers the silo's identity; does nothing else.</summary>
    [Alias("Ping")]
    Task<string> Ping();
}
