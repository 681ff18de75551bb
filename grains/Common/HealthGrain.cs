namespace IpGuard.Grains;

/// <summary>Answers on whichever silo is nearest: proof that the cluster runs grains.</summary>
[StatelessWorker]
[GrainType("health")]
internal sealed class HealthGrain : Grain, IpGuard.GrainInterfaces.IHealthGrain
{
    public Task<string> Ping() => Task.FromResult(RuntimeIdentity);
}
