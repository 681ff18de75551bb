using System.Globalization;
using IpGuard.LoadGen.Scenarios;
using IpGuard.LoadGen.Simulation;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace IpGuard.LoadGen.Output;

/// <summary>The end-of-run tables: each kind's rates and latency, errors, and the market's detection quality.</summary>
internal static class SummaryTable
{
    public static IEnumerable<IRenderable> Render(ScenarioResult result)
    {
        var kinds = new Table().Title($"{result.Scenario}: {result.DurationS:0.0} s").AddColumns("kind", "requests", "req/s", "events/s", "errors",
            "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "p50 / p99 from send");
        foreach (var (name, kind) in result.Kinds)
        {
            var l = kind.LatencyMs;
            kinds.AddRow(name, N(kind.Requests), N(kind.RequestsPerSecond), N(kind.EventsPerSecond), N(kind.Errors.Values.Sum()),
                Ms(l.P50), Ms(l.P90), Ms(l.P99), Ms(l.P999), Ms(l.Max),
                kind.ServiceLatencyMs is { } s ? $"{Ms(s.P50)} / {Ms(s.P99)}" : "");
        }

        foreach (var column in kinds.Columns.Skip(1))
        {
            column.RightAligned();
        }

        yield return kinds;

        var errors = result.Kinds.SelectMany(k => k.Value.Errors.Select(e => (Kind: k.Key, Status: e.Key, Count: e.Value))).ToList();
        if (errors.Count > 0)
        {
            var table = new Table().Title("errors").AddColumns("kind", "status", "count");
            foreach (var (kind, status, count) in errors)
            {
                table.AddRow(kind, Markup.Escape(status), N(count));
            }

            yield return table;
        }

        if (result.Detection is { } d)
        {
            var table = new Table().Title("detection quality (ground truth)").AddColumns("measure", "value");
            table.AddRow("proactive removal rate (counterfeit listings)", P(d.ProactiveRemovalRate));
            table.AddRow("counterfeit listings removed (any way)", P(d.CounterfeitListingRemovalRate));
            table.AddRow("honest listings removed (any way)", P(d.HonestListingRemovalRate));
            table.AddRow("honest listings removed on the system's decision", P(d.HonestListingProactiveRemovalRate));
            table.AddRow("honest listings flagged", P(d.HonestListingFlaggedRate));
            table.AddRow($"counterfeit-seller recall ({d.CounterfeitSellers} sellers)", P(d.CounterfeitSellerRecall));
            table.AddRow($"honest sellers wrongly enforced ({d.HonestSellers} sellers)", P(d.HonestFalseEnforcementRate));
            table.AddRow("grey-market sellers enforced", P(d.GreyMarketEnforcementRate));
            table.AddRow($"re-registrations caught ({d.Reregistrations})", P(d.ReregistrationCatchRate));
            table.AddRow("re-registrations linked to the suspended account", P(d.ReregistrationLinkedRate));
            var e = d.EventsUntilEnforcement;
            table.AddRow("events until enforcement (median / mean / p90 / max)", $"{e.Median:0} / {e.Mean:0.0} / {e.P90:0} / {e.Max}");
            if (d.MassReporting is { } mass)
            {
                table.AddRow($"mass-reported verified sellers ({mass.Targets}): ever suspended / enforced at the end", $"{mass.Suspended} / {mass.EnforcedAtEnd}");
                foreach (var t in mass.Sellers)
                {
                    table.AddRow(Markup.Escape($"  {t.SellerId}: {t.Reporters} reporters, {t.Reports} reports"),
                        Markup.Escape($"{t.Decision} (score {t.Score}, strictest {t.StrictestDecision}), {t.ListingsRemoved}/{t.Listings} listings removed, {t.ListingsFlagged} flagged"));
                }
            }

            yield return table;

            var kinds2 = new Table().Title("by seller kind").AddColumns("kind", "sellers", "enforced", "mean score", "decisions", "listings", "removed", "proactive", "flagged");
            foreach (var (name, k) in d.ByKind)
            {
                kinds2.AddRow(name, N(k.Sellers), N(k.Enforced), k.MeanScore.ToString("0.0", CultureInfo.InvariantCulture),
                    string.Join(" ", k.Decisions.Select(x => $"{x.Key}:{x.Value}")), N(k.Listings), N(k.ListingsRemoved), N(k.ListingsRemovedProactively), N(k.ListingsFlagged));
            }

            yield return kinds2;

            if (d.Cohorts is { Count: > 0 } cohorts)
            {
                var table3 = new Table().Title("cohorts").AddColumns("cohort", "sellers", "enforced", "listings", "removed", "proactive", "flagged");
                foreach (var (name, c) in cohorts)
                {
                    table3.AddRow(name, N(c.Sellers), N(c.SellersEnforced), N(c.Listings), N(c.ListingsRemoved), N(c.ListingsRemovedProactively), N(c.ListingsFlagged));
                }

                yield return table3;
            }
        }

        if (result.Backtest is { } backtest && result.Detection is { } active)
        {
            yield return Backtest(backtest, active);
        }

        foreach (var note in result.Notes)
        {
            yield return new Markup($"[grey]note: {Markup.Escape(note)}[/]");
        }
    }

    /// <summary>The detection table of the active policy and of the candidate run in shadow, side by side.</summary>
    public static Table Backtest(PolicyBacktest backtest, DetectionResult active)
    {
        var c = backtest.Candidate;
        var table = new Table().Title("backtest: active policy and candidate (shadow) against the ground truth")
            .AddColumns("measure", Markup.Escape($"active {backtest.ActiveVersion}"), Markup.Escape($"candidate {backtest.CandidateVersion}"));
        void Row(string label, Func<DetectionResult, double> rate) => table.AddRow(label, P(rate(active)), P(rate(c)));
        Row("proactive removal rate (counterfeit listings)", d => d.ProactiveRemovalRate);
        Row("counterfeit listings removed (any way)", d => d.CounterfeitListingRemovalRate);
        Row("honest listings removed on the system's decision", d => d.HonestListingProactiveRemovalRate);
        Row("honest listings flagged", d => d.HonestListingFlaggedRate);
        Row($"counterfeit-seller recall ({active.CounterfeitSellers} sellers)", d => d.CounterfeitSellerRecall);
        Row($"honest sellers wrongly enforced ({active.HonestSellers} sellers)", d => d.HonestFalseEnforcementRate);
        Row("grey-market sellers enforced", d => d.GreyMarketEnforcementRate);
        Row($"re-registrations caught ({active.Reregistrations})", d => d.ReregistrationCatchRate);
        foreach (var (kind, k) in active.ByKind)
        {
            var other = c.ByKind.GetValueOrDefault(kind);
            table.AddRow(Markup.Escape($"{kind}: enforced / decisions"),
                Markup.Escape($"{k.Enforced}/{k.Sellers}  {string.Join(" ", k.Decisions.Select(x => $"{x.Key}:{x.Value}"))}"),
                Markup.Escape(other is null ? "" : $"{other.Enforced}/{other.Sellers}  {string.Join(" ", other.Decisions.Select(x => $"{x.Key}:{x.Value}"))}"));
        }

        return table;
    }

    private static string N(double value) => value.ToString(value >= 100 || value == Math.Floor(value) ? "#,0" : "#,0.0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString(value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    private static string P(double rate) => rate.ToString("0.0%", CultureInfo.InvariantCulture);
}
