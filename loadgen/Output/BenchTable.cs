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

        var ping = await Load("ping");
        var health = await Load("health");
        var pingHttp = await Load("ping-http");
        var checkoutFirst = await Load("checkout-first");
        var checkoutAlone = await Load("checkout-alone");
        var ingest = await Load("ingest");
        var direct = await Load("direct-ingest");
        var checkout = await Load("checkout");
        var feed = await Load("feed");

        var text = new StringBuilder();
        text.AppendLine("| measurement | rate | p50 ms | p99 ms | p99.9 ms | p50 / p99 ms from send | errors | baseline | ratio |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---:|");
        void Row(string label, ScenarioResult? r, Func<ScenarioResult, double> figure, string unit, ScenarioResult? baseline = null, Func<ScenarioResult, double>? baseFigure = null, string? baseLabel = null)
        {
            if (r is null)
            {
                return;
            }

            var value = figure(r);
            var ratio = baseline is not null && baseFigure is not null && baseFigure(baseline) > 0
                ? (value / baseFigure(baseline)).ToString("0.000", CultureInfo.InvariantCulture)
                : "";
            var baseText = baseline is not null && baseFigure is not null ? $"{baseLabel} {N(baseFigure(baseline))}" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {N(value)} {unit} | {r.LatencyMs.P50:0.00} | {r.LatencyMs.P99:0.00} | {r.LatencyMs.P999:0.00} | {FromSend(r)} | {r.Errors.Values.Sum()} | {baseText} | {ratio} |");
        }

        Row("direct `IHealthGrain.Ping` (Orleans client, no HTTP)", ping, r => r.RequestsPerSecond, "calls/s");
        Row("GET `/health/live` (Kestrel, no grain)", health, r => r.RequestsPerSecond, "req/s");
        Row("GET `/v1/ping` (Kestrel, auth, one grain call)", pingHttp, r => r.RequestsPerSecond, "req/s");
        Row($"ingest, HTTP batch of {ingest?.Config.Batch}, Redis", ingest, r => r.EventsPerSecond, "events/s", ping, r => r.RequestsPerSecond, "ping calls/s");
        Row($"ingest, direct to grains, batch of {direct?.Config.Batch}, Redis", direct, r => r.EventsPerSecond, "events/s", ping, r => r.RequestsPerSecond, "ping calls/s");
        Row("checkout alone, first pass (fresh sellers; the 1 in 50 unknown ones come alive from Redis)", checkoutFirst, r => r.RequestsPerSecond, "req/s", pingHttp, r => r.RequestsPerSecond, "/v1/ping req/s");
        Row(checkoutFirst is null ? "checkout alone" : "checkout alone, the same sellers again", checkoutAlone, r => r.RequestsPerSecond, "req/s", pingHttp, r => r.RequestsPerSecond, "/v1/ping req/s");
        if (checkout is not null)
        {
            var mixed = checkout.Kinds.TryGetValue("ingest", out var mix) ? $" beside ingest at {N(mix.EventsPerSecond)} events/s" : "";
            Row($"checkout{mixed}", checkout, r => r.RequestsPerSecond, "req/s", health, r => r.RequestsPerSecond, "health req/s");
        }

        if (feed is not null)
        {
            var mixed = feed.Kinds.TryGetValue("ingest", out var mix) ? $" beside ingest at {N(mix.EventsPerSecond)} events/s" : "";
            Row($"event → live feed delay (probe listings){mixed}", feed, r => r.RequestsPerSecond, "events/s");
        }

        return text.ToString();
    }

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Latency from each request's actual send: the service's share, without time spent due but unsent.</summary>
    private static string FromSend(ScenarioResult r) =>
        r.ServiceLatencyMs is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.P50:0.00} / {s.P99:0.00}") : "";
}
