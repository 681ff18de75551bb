using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Logging;

namespace IpGuard.Grains;

/// <summary>
/// Loads the registry's active and shadow versions as the silo becomes active, before the api in
/// front of it takes requests, so that a restart never scores with the configured policy when
/// another version is active. If the registry does not answer in time, the silo starts with the
/// configured policy and <see cref="PolicyFollower"/> catches up within a second of it answering.
/// </summary>
internal sealed partial class PolicyStartup(PolicyProvider policies, IGrainFactory grains, ILogger<PolicyStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PolicyStartup), ServiceLifecycleStage.Active, LoadAsync, _ => Task.CompletedTask);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await grains.GetGrain<IPolicyRegistryGrain>(IPolicyRegistryGrain.Key).GetSnapshot(policies.Generation).WaitAsync(Wait, cancellationToken);
            if (snapshot is not null)
            {
                policies.Apply(snapshot);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStartFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The policy registry did not answer at start ({Error}); scoring with the configured policy until it does")]
    private static partial void LogStartFailed(ILogger logger, string error);
}
