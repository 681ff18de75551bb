using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IpGuard.Grains;

/// <summary>
/// Once a second, asks the policy registry whether the active or shadow version changed (an
/// answer of null when not: one small call per silo per second, whatever the event rate), and
/// sends this silo's shadow tally to the report grains. An activation thus reaches every silo
/// within about a second, well inside the contract's 5 s.
/// </summary>
internal sealed partial class PolicyFollower(
    PolicyProvider policies,
    ShadowTally tally,
    IGrainFactory grains,
    ILogger<PolicyFollower> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registry = grains.GetGrain<IPolicyRegistryGrain>(IPolicyRegistryGrain.Key);
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                if (await registry.GetSnapshot(policies.Generation) is { } snapshot)
                {
                    var before = policies.Current.Policy.Version;
                    policies.Apply(snapshot);
                    LogApplied(logger, snapshot.Generation, snapshot.Active.Version, snapshot.Shadow?.Version, before);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(logger, e.GetType().Name);
            }

            foreach (var (version, delta) in tally.Take())
            {
                try
                {
                    await grains.GetGrain<IPolicyReportGrain>(version).Add(delta);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    tally.Return(version, delta);
                    LogFlushFailed(logger, version, e.GetType().Name);
                }
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy generation {Generation}: active {Active} (was {Before}), shadow {Shadow}")]
    private static partial void LogApplied(ILogger logger, long generation, string active, string? shadow, string before);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking the policy registry failed ({Error}); this silo keeps its policy and asks again")]
    private static partial void LogPollFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending the shadow tally of {Version} failed ({Error}); it is sent with the next one")]
    private static partial void LogFlushFailed(ILogger logger, string version, string error);
}
