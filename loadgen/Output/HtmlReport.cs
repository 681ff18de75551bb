using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using IpGuard.LoadGen.Http;
using IpGuard.LoadGen.Scenarios;

namespace IpGuard.LoadGen.Output;

/// <summary>
/// The <c>--report</c> file: one self-contained HTML page (inline SVG and CSS, nothing fetched)
/// with throughput over time, latency percentiles over time and the latency distribution by
/// percentile, then the tables of the summary and the configuration.
/// </summary>
internal static class HtmlReport
{
    public static async Task WriteAsync(string path, ScenarioResult result, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, Render(result), cancellationToken);
    }

    public static string Render(ScenarioResult result)
    {
        var kinds = result.Kinds.Where(k => k.Key != "readback" && k.Value.Requests > 0).ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>IpGuard load: ").Append(E(result.Scenario)).Append("</title>");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}table{border-collapse:collapse;margin:12px 0}"
            + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}"
            + "pre{background:#f7f7f7;padding:8px;overflow:auto}svg{display:block;margin:12px 0}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>IpGuard load generator: {E(result.Scenario)}</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Started {result.StartedAt:yyyy-MM-dd HH:mm:ss} UTC against {E(result.Config.Target)}; measured {result.DurationS:0.0} s; "
            + $"{result.Requests:#,0} requests ({result.RequestsPerSecond:#,0.0}/s), {result.Events:#,0} events ({result.EventsPerSecond:#,0.0}/s); "
            + $"latency p50 {result.LatencyMs.P50} ms, p99 {result.LatencyMs.P99} ms, max {result.LatencyMs.Max} ms, counted from each request's intended send time. "
            + $"The machine has {result.Config.ProcessorCount} cores.</p>");

        var rates = new List<SvgChart.Series>();
        var color = 0;
        foreach (var (name, kind) in kinds)
        {
            var c = SvgChart.Palette[color++ % SvgChart.Palette.Length];
            rates.Add(new SvgChart.Series($"{name} req/s", c, [.. kind.Timeline.Select(p => (p.AtS, p.RequestsPerSecond))]));
            if (kind.Events != kind.Requests)
            {
                rates.Add(new SvgChart.Series($"{name} events/s", c, [.. kind.Timeline.Select(p => (p.AtS, p.EventsPerSecond))], Dashed: true));
            }
        }

        html.Append(SvgChart.Lines("Throughput over time", "seconds", "per second", rates));

        foreach (var (name, kind) in kinds)
        {
            // An interval without answers has no latency; drawing it as 0 ms would lie.
            var t = kind.Timeline.Where(p => p.RequestsPerSecond > 0).ToList();
            html.Append(SvgChart.Lines($"{name}: latency percentiles over time", "seconds", "ms",
            [
                new("p50", SvgChart.Palette[0], [.. t.Select(p => (p.AtS, p.P50))]),
                new("p90", SvgChart.Palette[2], [.. t.Select(p => (p.AtS, p.P90))]),
                new("p99", SvgChart.Palette[3], [.. t.Select(p => (p.AtS, p.P99))]),
                new("max", SvgChart.Palette[1], [.. t.Select(p => (p.AtS, p.Max))], Dashed: true),
            ]));
        }

        // The percentile axis in "nines": 90% at 1, 99% at 2, 99.9% at 3…, as HdrHistogram plots do.
        var distribution = kinds.Select((k, i) => new SvgChart.Series(k.Key, SvgChart.Palette[i % SvgChart.Palette.Length],
            [.. k.Value.Distribution.Select(p => (Nines(p.Percentile), p.LatencyMs))])).ToList();
        html.Append(SvgChart.Lines("Latency by percentile", "percentile", "ms", distribution,
            [(0, "0%"), (1, "90%"), (2, "99%"), (3, "99.9%"), (4, "99.99%"), (5, "max")]));

        html.Append("<h2>Summary</h2><table><tr><th>kind</th><th>requests</th><th>req/s</th><th>events/s</th><th>errors</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>");
        foreach (var (name, k) in result.Kinds)
        {
            var l = k.LatencyMs;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(name)}</td><td>{k.Requests:#,0}</td><td>{k.RequestsPerSecond:#,0.0}</td><td>{k.EventsPerSecond:#,0.0}</td>"
                + $"<td>{k.Errors.Values.Sum():#,0}</td><td>{l.P50}</td><td>{l.P90}</td><td>{l.P99}</td><td>{l.P999}</td><td>{l.Max}</td></tr>");
        }

        html.Append("</table>");
        var errors = result.Kinds.SelectMany(k => k.Value.Errors.Select(e => (k.Key, e.Key, e.Value))).ToList();
        if (errors.Count > 0)
        {
            html.Append("<h2>Errors</h2><table><tr><th>kind</th><th>status</th><th>count</th></tr>");
            foreach (var (kind, status, count) in errors)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(kind)}</td><td>{E(status)}</td><td>{count:#,0}</td></tr>");
            }

            html.Append("</table>");
        }

        if (result.Detection is { } d)
        {
            html.Append("<h2>Detection quality</h2><table><tr><th>measure</th><th>value</th></tr>");
            void Row(string label, string value) => html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(label)}</td><td>{E(value)}</td></tr>");
            Row("proactive removal rate (counterfeit listings)", P(d.ProactiveRemovalRate));
            Row("counterfeit listings removed (any way)", P(d.CounterfeitListingRemovalRate));
            Row("honest listings removed (any way)", P(d.HonestListingRemovalRate));
            Row("honest listings removed on the system's decision", P(d.HonestListingProactiveRemovalRate));
            Row("honest listings flagged", P(d.HonestListingFlaggedRate));
            Row($"counterfeit-seller recall ({d.CounterfeitSellers})", P(d.CounterfeitSellerRecall));
            Row($"honest sellers wrongly enforced ({d.HonestSellers})", P(d.HonestFalseEnforcementRate));
            Row("grey-market sellers enforced", P(d.GreyMarketEnforcementRate));
            Row($"re-registrations caught ({d.Reregistrations})", P(d.ReregistrationCatchRate));
            Row("re-registrations linked", P(d.ReregistrationLinkedRate));
            Row("events until enforcement: median / mean / p90 / max",
                string.Create(CultureInfo.InvariantCulture, $"{d.EventsUntilEnforcement.Median} / {d.EventsUntilEnforcement.Mean} / {d.EventsUntilEnforcement.P90} / {d.EventsUntilEnforcement.Max}"));
            foreach (var t in d.MassReporting?.Sellers ?? [])
            {
                Row($"mass-reported {t.SellerId} ({t.Reporters} reporters, {t.Reports} reports)",
                    string.Create(CultureInfo.InvariantCulture, $"{t.Decision}, strictest {t.StrictestDecision}; {t.ListingsRemoved}/{t.Listings} listings removed"));
            }

            html.Append("</table><table><tr><th>seller kind</th><th>sellers</th><th>enforced</th><th>mean score</th><th>decisions</th><th>listings</th><th>removed</th><th>proactive</th></tr>");
            foreach (var (name, k) in d.ByKind)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(name)}</td><td>{k.Sellers}</td><td>{k.Enforced}</td><td>{k.MeanScore}</td>"
                    + $"<td>{E(string.Join(" ", k.Decisions.Select(x => $"{x.Key}:{x.Value}")))}</td><td>{k.Listings}</td><td>{k.ListingsRemoved}</td><td>{k.ListingsRemovedProactively}</td></tr>");
            }

            html.Append("</table>");
        }

        if (result.Notes.Count > 0)
        {
            html.Append("<h2>Notes</h2><ul>");
            foreach (var note in result.Notes)
            {
                html.Append("<li>").Append(E(note)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("<h2>Configuration</h2><pre>").Append(E(JsonSerializer.Serialize(result.Config, WireJson.Indented))).Append("</pre></body></html>");
        return html.ToString();
    }

    /// <summary>Percentile p on the "nines" scale: −log10(1 − p/100), the max drawn at 5.</summary>
    private static double Nines(double percentile) => percentile >= 100 ? 5 : Math.Min(5, -Math.Log10(1 - (percentile / 100)));

    private static string P(double rate) => rate.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
