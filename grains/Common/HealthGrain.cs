namespace IpGuard.Grains;

/// <summary>Answers on whichever silo is nearest: proof that the cluster runs grains.</summary>
// Idle workers stay until collected by age: proactive removal would keep a 500 ms timer running
// in every silo that has answered a ping, idle or not.
[StatelessWorker(-1, removeIdleWorkers: false)]
[GrainType("health")]
internal sealed class HealthGrain : Grain, IpGuard.GrainInterfaces.IHealthGrain
{
    public Task<string> Ping() => Task.FromResult(RuntimeIdentity);
}
