using System.Globalization;
using System.Text;
using IpGuard.LoadGen.Scenarios;

namespace IpGuard.LoadGen.Output;

/// <summary>
/// The table bench/run prints: each figure beside its trivial baseline and the ratio — ingest
/// events/s against direct ping calls/s (the floor of a grain call), checkout alone against
/// GET /v1/ping (a trivial grain GET through the same api), checkout beside ingest against
/// GET /health/live req/s (the floor of an HTTP request) — so that a figure can be read on any
/// machine. Markdown, so it pastes into the README.
/// </summary>
internal static class BenchTable
{
    public static async Task<string> RenderAsync(string directory, CancellationToken cancellationToken = default)
    {
        async Task<ScenarioResult?> Load(string name)
        {
            var path = Path.Combine(directory, name + ".json");
            return File.Exists(path) ? await ResultFile.ReadAsync(path, cancellationToken) : null;
        }

        // Runs repeated in alternation (name-1, name-2, ...), or one run (name).
        async Task<List<ScenarioResult>> LoadRounds(string name)
        {
            var rounds = new List<ScenarioResult>();
            if (await Load(name) is { } single)
            {
                rounds.Add(single);
            }

            for (var i = 1; rounds.Count == i - 1 && await Load($"{name}-{i}") is { } round; i++)
            {
                rounds.Add(round);
            }

            return rounds;
        }

        var ping = await Load("ping");
        var health = await Load("health");
        var pingRounds = await LoadRounds("ping-http");
        var checkoutRounds = await LoadRounds("checkout-alone");
        var pingHttp = MedianRun(pingRounds);
        var checkoutFirst = await Load("checkout-first");
        var checkoutAlone = MedianRun(checkoutRounds);
        var pairs = pingRounds.Zip(checkoutRounds, (p, c) => p.RequestsPerSecond > 0 ? c.RequestsPerSecond / p.RequestsPerSecond : 0).ToList();
        var ingest = await Load("ingest");
        var direct = await Load("direct-ingest");
        var healthOpen = await Load("health-open");
        var checkout = await Load("checkout");
        var checkoutMax = await Load("checkout-max");
        var feed = await Load("feed");

        var text = new StringBuilder();
        text.AppendLine("| measurement | rate | p50 ms | p99 ms | p99.9 ms | p50 / p99 ms from send | errors | baseline | ratio |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---:|");
        void Row(string label, ScenarioResult? r, Func<ScenarioResult, double> figure, string unit, ScenarioResult? baseline = null, Func<ScenarioResult, double>? baseFigure = null, string? baseLabel = null, double? ratioOf = null)
        {
            if (r is null)
            {
                return;
            }

            var value = figure(r);
            var ratio = ratioOf is { } given
                ? given.ToString("0.000", CultureInfo.InvariantCulture)
                : baseline is not null && baseFigure is not null && baseFigure(baseline) > 0
                ? (value / baseFigure(baseline)).ToString("0.000", CultureInfo.InvariantCulture)
                : "";
            var baseText = baseline is not null && baseFigure is not null ? $"{baseLabel} {N(baseFigure(baseline))}" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {N(value)} {unit} | {r.LatencyMs.P50:0.00} | {r.LatencyMs.P99:0.00} | {r.LatencyMs.P999:0.00} | {FromSend(r)} | {r.Errors.Values.Sum()} | {baseText} | {ratio} |");
        }

        Row("direct `IHealthGrain.Ping` (Orleans client, no HTTP)", ping, r => r.RequestsPerSecond, "calls/s");
        Row("GET `/health/live` (Kestrel, no grain)", health, r => r.RequestsPerSecond, "req/s");
        var ofRounds = pingRounds.Count > 1 ? $", median of {pingRounds.Count}" : "";
        Row($"GET `/v1/ping` (Kestrel, auth, one grain call{ofRounds})", pingHttp, r => r.RequestsPerSecond, "req/s");
        Row($"ingest, HTTP batch of {ingest?.Config.Batch}, Redis", ingest, r => r.EventsPerSecond, "events/s", ping, r => r.RequestsPerSecond, "ping calls/s");
        Row($"ingest, direct to grains, batch of {direct?.Config.Batch}, Redis", direct, r => r.EventsPerSecond, "events/s", ping, r => r.RequestsPerSecond, "ping calls/s");
        Row("checkout alone, first pass (fresh sellers; the 1 in 50 unknown ones come alive from Redis)", checkoutFirst, r => r.RequestsPerSecond, "req/s", pingHttp, r => r.RequestsPerSecond, "/v1/ping req/s");
        Row((checkoutFirst is null ? "checkout alone" : "checkout alone, the same sellers again")
                + (pairs.Count > 1 ? $" (median of {pairs.Count}, alternated with `/v1/ping`; ratio: the median of the rounds')" : ""),
            checkoutAlone, r => r.RequestsPerSecond, "req/s", pingHttp, r => r.RequestsPerSecond, "/v1/ping req/s", pairs.Count > 1 ? Median(pairs) : null);
        if (healthOpen is not null)
        {
            var asked = double.TryParse(healthOpen.Config.Rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) ? N(rate) : healthOpen.Config.Rate;
            Row($"GET `/health/live` at {asked} req/s, open loop (the latency floor of the rows below)", healthOpen, r => r.RequestsPerSecond, "req/s");
        }

        if (checkout is not null)
        {
            var mixed = checkout.Kinds.TryGetValue("ingest", out var mix) ? $" beside ingest at {N(mix.EventsPerSecond)} events/s" : "";
            Row($"checkout{mixed}", checkout, r => r.RequestsPerSecond, "req/s", health, r => r.RequestsPerSecond, "health req/s");
        }

        if (checkoutMax is not null)
        {
            var mixed = checkoutMax.Kinds.TryGetValue("ingest", out var mix) ? $" ({N(mix.EventsPerSecond)} events/s)" : "";
            Row($"checkout beside ingest at its maximum rate{mixed}", checkoutMax, r => r.RequestsPerSecond, "req/s", health, r => r.RequestsPerSecond, "health req/s");
        }

        if (feed is not null)
        {
            var mixed = feed.Kinds.TryGetValue("ingest", out var mix) ? $" beside ingest at {N(mix.EventsPerSecond)} events/s" : "";
            Row($"event → live feed delay (probe listings){mixed}", feed, r => r.RequestsPerSecond, "events/s");
        }

        if (pairs.Count > 1)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Checkout alone ÷ `/v1/ping`, round by round: {string.Join(", ", pairs.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))}.");
        }

        return text.ToString();
    }

    /// <summary>The run with the median rate (the lower middle one of an even count).</summary>
    private static ScenarioResult? MedianRun(List<ScenarioResult> runs) =>
        runs.Count == 0 ? null : runs.OrderBy(r => r.RequestsPerSecond).ElementAt((runs.Count - 1) / 2);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Latency from each request's actual send: the service's share, without time spent due but unsent.</summary>
    private static string FromSend(ScenarioResult r) =>
        r.ServiceLatencyMs is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.P50:0.00} / {s.P99:0.00}") : "";
}
