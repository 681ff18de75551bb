using IpGuard.LoadGen.Output;
using IpGuard.LoadGen.Scenarios;

namespace IpGuard.LoadGen;

/// <summary>The tool's core, callable from tests: runs a scenario by its config and answers the result.</summary>
internal static class LoadGenerator
{
    public static Task<ScenarioResult> RunAsync(LoadConfig config, IProgressSink? progress = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        IScenario scenario = config.Scenario switch
        {
            ScenarioNames.Ingest => new IngestScenario(),
            ScenarioNames.Checkout => new CheckoutScenario(),
            ScenarioNames.Market => new MarketScenario(),
            ScenarioNames.Direct => new DirectScenario(),
            ScenarioNames.Health => new HealthScenario(),
            ScenarioNames.Feed => new FeedScenario(),
            _ => throw new ArgumentException($"unknown scenario '{config.Scenario}': one of {string.Join(", ", ScenarioNames.All)}", nameof(config)),
        };
        return scenario.RunAsync(new RunContext(config, progress ?? NoProgress.Instance, time ?? TimeProvider.System), cancellationToken);
    }
}
