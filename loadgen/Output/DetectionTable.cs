using System.Globalization;
using System.Text;
using IpGuard.LoadGen.Scenarios;
using IpGuard.LoadGen.Simulation;

namespace IpGuard.LoadGen.Output;

/// <summary>
/// The table bench/detection prints over many market runs (seeds × mixes): each detection
/// measure's median and worst run against its goal, then every run, then the seller kinds and
/// cohorts pooled over the runs. Markdown, so it pastes into the README.
/// </summary>
internal static class DetectionTable
{
    private sealed record Measure(string Label, Func<DetectionResult, double> Value, bool HigherIsBetter, double? Goal, string Format);

    private static readonly Measure[] Measures =
    [
        new("counterfeit listings removed proactively", d => d.ProactiveRemovalRate, true, 0.95, "0.0%"),
        new("counterfeit sellers restricted or suspended", d => d.CounterfeitSellerRecall, true, 0.95, "0.0%"),
        new("honest sellers restricted or suspended", d => d.HonestFalseEnforcementRate, false, 0.005, "0.00%"),
        new("honest listings removed on the system's decision", d => d.HonestListingProactiveRemovalRate, false, 0.01, "0.00%"),
        new("re-registered counterfeiters caught", d => d.ReregistrationCatchRate, true, 0.90, "0.0%"),
        new("mass-reported verified sellers ever suspended", d => d.MassReporting?.Suspended ?? 0, false, 0, "0"),
        new("events until enforcement (median)", d => d.EventsUntilEnforcement.Median, false, null, "0"),
        new("grey-market sellers restricted or suspended", d => d.GreyMarketEnforcementRate, false, null, "0.0%"),
        new("counterfeit listings removed (any way)", d => d.CounterfeitListingRemovalRate, true, null, "0.0%"),
        new("honest listings removed (any way)", d => d.HonestListingRemovalRate, false, null, "0.00%"),
        new("honest listings flagged", d => d.HonestListingFlaggedRate, false, null, "0.00%"),
    ];

    /// <summary>Every market result (<c>*.json</c> with detection) in <paramref name="directory"/>, by mix and seed.</summary>
    public static async Task<string> RenderAsync(string directory, CancellationToken cancellationToken = default)
    {
        var runs = new List<(string Name, ScenarioResult Result)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var result = await ResultFile.ReadAsync(path, cancellationToken);
            if (result.Detection is not null)
            {
                runs.Add((Path.GetFileNameWithoutExtension(path), result));
            }
        }

        // The mixes in their usual order, then the seeds.
        return Render([.. runs.OrderBy(r => MixOrder(r.Result)).ThenBy(r => r.Result.Config.Seed).ThenBy(r => r.Name, StringComparer.Ordinal)]);
    }

    private static int MixOrder(ScenarioResult result) =>
        SellerKinds.MixNames.ToList().IndexOf(result.Config.Mix ?? "default") is var i and >= 0 ? i : SellerKinds.MixNames.Count;

    public static string Render(IReadOnlyList<(string Name, ScenarioResult Result)> runs)
    {
        var text = new StringBuilder();
        if (runs.Count == 0)
        {
            return "no market results\n";
        }

        var seeds = runs.Select(r => r.Result.Config.Seed).Distinct().Order().ToList();
        var mixes = runs.Select(r => r.Result.Config.Mix ?? "default").Distinct(StringComparer.Ordinal).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"{runs.Count} runs: seeds {string.Join(", ", seeds)}; mixes {string.Join(", ", mixes)}");
        text.AppendLine();
        text.AppendLine("| measure | goal | median | worst | runs meeting the goal |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var m in Measures)
        {
            var values = runs.Select(r => m.Value(r.Result.Detection!)).ToList();
            var worst = m.HigherIsBetter ? values.Min() : values.Max();
            var goal = m.Goal is { } g ? (m.HigherIsBetter ? "≥ " : "≤ ") + F(g, m.Format) : "";
            var met = m.Goal is { } t ? $"{values.Count(v => m.HigherIsBetter ? v >= t : v <= t)}/{values.Count}" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {m.Label} | {goal} | {F(Median(values), m.Format)} | {F(worst, m.Format)} | {met} |");
        }

        text.AppendLine();
        text.AppendLine("| run | seed | mix | proactive | recall | honest enforced | honest removed (system) | re-registered caught | events median | mass-reported: strictest | grey enforced | errors | s |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
        foreach (var (name, r) in runs)
        {
            var d = r.Detection!;
            var strictest = d.MassReporting is { Sellers.Count: > 0 } mass ? string.Join(" ", mass.Sellers.Select(s => s.StrictestDecision)) : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {r.Config.Seed} | {r.Config.Mix ?? "default"} | {F(d.ProactiveRemovalRate, "0.0%")} | "
                + $"{F(d.CounterfeitSellerRecall, "0.0%")} | {F(d.HonestFalseEnforcementRate, "0.00%")} | {F(d.HonestListingProactiveRemovalRate, "0.00%")} | "
                + $"{F(d.ReregistrationCatchRate, "0.0%")} | {F(d.EventsUntilEnforcement.Median, "0")} | {strictest} | {F(d.GreyMarketEnforcementRate, "0.0%")} | {r.Errors.Values.Sum()} | {F(r.DurationS, "0")} |");
        }

        text.AppendLine();
        text.AppendLine("Pooled over the runs:");
        text.AppendLine();
        text.AppendLine("| seller kind | sellers | enforced | listings | removed | removed proactively | flagged |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in runs.SelectMany(r => r.Result.Detection!.ByKind.Keys).Distinct(StringComparer.Ordinal).ToList())
        {
            var all = runs.Select(r => r.Result.Detection!.ByKind.GetValueOrDefault(kind)).OfType<KindDetection>().ToList();
            Pooled(text, kind, all.Sum(k => k.Sellers), all.Sum(k => k.Enforced), all.Sum(k => k.Listings), all.Sum(k => k.ListingsRemoved),
                all.Sum(k => k.ListingsRemovedProactively), all.Sum(k => k.ListingsFlagged));
        }

        var cohorts = runs.SelectMany(r => r.Result.Detection!.Cohorts?.Keys ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (cohorts.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| cohort | sellers | enforced | listings | removed | removed proactively | flagged |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var cohort in cohorts)
            {
                var all = runs.Select(r => r.Result.Detection!.Cohorts?.GetValueOrDefault(cohort)).OfType<CohortDetection>().ToList();
                Pooled(text, cohort, all.Sum(c => c.Sellers), all.Sum(c => c.SellersEnforced), all.Sum(c => c.Listings), all.Sum(c => c.ListingsRemoved),
                    all.Sum(c => c.ListingsRemovedProactively), all.Sum(c => c.ListingsFlagged));
            }
        }

        return text.ToString();
    }

    private static void Pooled(StringBuilder text, string name, int sellers, int enforced, int listings, int removed, int proactive, int flagged)
    {
        string Share(int part, int whole) => whole == 0 ? "–" : $"{part:#,0} ({F((double)part / whole, "0.0%")})";
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {sellers:#,0} | {Share(enforced, sellers)} | {listings:#,0} | {Share(removed, listings)} | "
            + $"{Share(proactive, listings)} | {Share(flagged, listings)} |");
    }

    /// <summary>The middle value, or the mean of the two middle ones.</summary>
    internal static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var half = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
