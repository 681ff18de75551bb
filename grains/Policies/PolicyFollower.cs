using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IpGuard.Grains;

/// <summary>
/// Follows the policy registry with a long poll, so an activation reaches every silo as soon
/// as it is stored, and an idle silo makes one small call every <see cref="IdleWait"/>. While a
/// version runs in shadow the poll is cut to <see cref="Interval"/>, and this silo's shadow
/// tally is sent to the report grains after each.
/// </summary>
internal sealed partial class PolicyFollower(
    PolicyProvider policies,
    ShadowTally tally,
    IGrainFactory grains,
    ILogger<PolicyFollower> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(10);

    /// <summary>How much longer than its wait a poll may take before it is given up (a silo that died holding it).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registry = grains.GetGrain<IPolicyRegistryGrain>(IPolicyRegistryGrain.Key);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = policies.Shadow is null ? IdleWait : Interval;
            try
            {
                if (await registry.WaitSnapshot(policies.Generation, wait).WaitAsync(wait + Slack, stoppingToken) is { } snapshot)
                {
                    var before = policies.Current.Policy.Version;
                    policies.Apply(snapshot);
                    LogApplied(logger, snapshot.Generation, snapshot.Active.Version, snapshot.Shadow?.Version, before);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPollFailed(logger, e.GetType().Name);
                await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy generation {Generation}: active {Active} (was {Before}), shadow {Shadow}")]
    private static partial void LogApplied(ILogger logger, long generation, string active, string? shadow, string before);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking the policy registry failed ({Error}); this silo keeps its policy and asks again")]
    private static partial void LogPollFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending the shadow tally of {Version} failed ({Error}); it is sent with the next one")]
    private static partial void LogFlushFailed(ILogger logger, string version, string error);
}
