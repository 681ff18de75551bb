namespace IpGuard.LoadGen.Scenarios;

/// <summary>A scenario: sets up what it needs, runs its measured phase in the context, and answers the result.</summary>
internal interface IScenario
{
    Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken);
}
