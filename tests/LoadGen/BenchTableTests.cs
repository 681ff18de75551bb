using IpGuard.LoadGen.Measurement;
using IpGuard.LoadGen.Output;
using IpGuard.LoadGen.Scenarios;

namespace IpGuard.Tests.LoadGen;

public sealed class BenchTableTests
{
    [Fact(DisplayName = "Bench table: alternated /v1/ping and checkout rounds give the median run's rates and the median of the rounds' ratios, each round listed; the open-loop floor has its own row")]
    public async Task AlternatedRoundsGiveTheMedianRatio()
    {
        var directory = Directory.CreateTempSubdirectory("bench-table-").FullName;
        try
        {
            // Round ratios 0.5, 0.9, 0.8: median 0.8; median rates 30,000 and 24,000 (one run each).
            (double Ping, double Checkout)[] rounds = [(20_000, 10_000), (30_000, 27_000), (40_000, 32_000)];
            for (var i = 0; i < rounds.Length; i++)
            {
                await ResultFile.WriteAsync(Path.Combine(directory, $"ping-http-{i + 1}.json"), Result("health", rounds[i].Ping), CancellationToken.None);
                await ResultFile.WriteAsync(Path.Combine(directory, $"checkout-alone-{i + 1}.json"), Result("checkout", rounds[i].Checkout), CancellationToken.None);
            }

            await ResultFile.WriteAsync(Path.Combine(directory, "health-open.json"), Result("health", 4_990, "5000"), CancellationToken.None);
            var table = await BenchTable.RenderAsync(directory);

            var checkout = Assert.Single(table.Split('\n'), l => l.StartsWith("| checkout alone", StringComparison.Ordinal));
            Assert.Contains("| 27,000 req/s |", checkout);
            Assert.Contains("/v1/ping req/s 30,000", checkout);
            Assert.EndsWith("| 0.800 |", checkout.TrimEnd());
            Assert.Contains("round by round: 0.500, 0.900, 0.800.", table);
            var floor = Assert.Single(table.Split('\n'), l => l.StartsWith("| GET `/health/live` at 5,000 req/s, open loop", StringComparison.Ordinal));
            Assert.Contains("| 4,990 req/s |", floor);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ScenarioResult Result(string scenario, double rate, string asked = "max")
    {
        var latency = new LatencySummary(1, 2, 3, 4, 5, 1.5, 100);
        var config = new ConfigView("http://127.0.0.1:1/", 10, asked, 32, 5000, 100000, 50, 100, 1, 0, scenario == "health", null, null, "r", 2);
        return new ScenarioResult(scenario, config, DateTimeOffset.UnixEpoch, 10, (long)rate * 10, (long)rate * 10, rate, rate,
            new Dictionary<string, long>(), latency, new Dictionary<string, KindResult>(), null, []);
    }
}
