using IpGuard.LoadGen.Measurement;
using IpGuard.LoadGen.Simulation;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>
/// What a run measured, as <c>--out</c> writes it: the headline figures of the scenario's main
/// kind of request, then each kind's figures and timeline, and the market's detection quality.
/// </summary>
internal sealed record ScenarioResult(
    string Scenario,
    ConfigView Config,
    DateTimeOffset StartedAt,
    double DurationS,
    long Requests,
    long Events,
    double RequestsPerSecond,
    double EventsPerSecond,
    IReadOnlyDictionary<string, long> Errors,
    LatencySummary LatencyMs,
    IReadOnlyDictionary<string, KindResult> Kinds,
    DetectionResult? Detection,
    IReadOnlyList<string> Notes,
    LatencySummary? ServiceLatencyMs = null,
    PolicyBacktest? Backtest = null);

/// <summary>
/// A candidate policy run in shadow through the market: the active version's detection is the
/// run's own, the candidate's is read from the shadow view of every seller and listing at the end.
/// </summary>
internal sealed record PolicyBacktest(string ActiveVersion, string CandidateVersion, DetectionResult Candidate);

/// <summary>
/// One kind of request's figures, timeline (a point a second) and latency distribution. Latency
/// counts from each request's intended send time; <c>ServiceLatencyMs</c> from its actual send.
/// </summary>
internal sealed record KindResult(
    long Requests,
    long Events,
    double RequestsPerSecond,
    double EventsPerSecond,
    IReadOnlyDictionary<string, long> Errors,
    LatencySummary LatencyMs,
    IReadOnlyList<TimelinePoint> Timeline,
    IReadOnlyList<PercentilePoint> Distribution,
    LatencySummary? ServiceLatencyMs = null);

/// <summary>The configuration as the output shows it: everything but the keys.</summary>
internal sealed record ConfigView(
    string Target,
    double DurationS,
    string Rate,
    int Concurrency,
    int Sellers,
    int Listings,
    int Brands,
    int Batch,
    int Seed,
    double MixIngestRate,
    bool Ping,
    int? GatewayPort,
    int? Days,
    string RunId,
    int ProcessorCount,
    string? Mix = null,
    bool MixIngestMax = false)
{
    public static ConfigView From(LoadConfig c) => new(
        c.Target.ToString(),
        c.Duration.TotalSeconds,
        c.Rate is { } r ? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "max",
        c.Concurrency,
        c.Sellers,
        c.Listings,
        c.Brands,
        c.Batch,
        c.Seed,
        c.MixIngestRate,
        c.Ping,
        c.Scenario == ScenarioNames.Direct ? c.GatewayPort : null,
        c.Scenario == ScenarioNames.Market ? c.Days : null,
        c.RunId,
        Environment.ProcessorCount,
        c.Scenario == ScenarioNames.Market ? c.Mix.Name() : null,
        c.MixIngestMax);
}
