using System.Globalization;
using System.Text;
using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Fit;

/// <summary>The candidate's note (what it was fit on, how log-odds became points) and the console table.</summary>
internal static class FitNote
{
    public static string Of(IReadOnlyList<FitReport> reports, RiskPolicy basePolicy, FitOptions options, string source)
    {
        var parts = new List<string>(4) { $"Fitted by tools/fit (ML.NET L-BFGS logistic regression, non-negative) on {source}:" };
        foreach (var r in reports)
        {
            var kind = r.Subject == OutcomeSubject.Listing ? "listing" : "seller";
            if (r.Skipped is not null)
            {
                parts.Add(Inv($"{r.Outcomes} {kind} outcomes ({r.Infringing} infringing), weights kept ({r.Skipped});"));
                continue;
            }

            var (low, high) = r.Subject == OutcomeSubject.Listing
                ? (("flag", basePolicy.Listing.FlagThreshold), ("removal", basePolicy.Listing.RemovalThreshold))
                : (("review", basePolicy.Decisions.Review), ("restrict", basePolicy.Decisions.Restrict));
            parts.Add(Inv($"{r.Outcomes} {kind} outcomes ({r.Infringing} infringing), {r.PointsPerLogit:0.0} points per unit of log-odds, ")
                + Inv($"p(infringing) {r.ProbabilityAt(0):0.00} at 0, {r.ProbabilityAt(low.Item2):0.00} at {low.Item1} {low.Item2}, {r.ProbabilityAt(high.Item2):0.00} at {high.Item1} {high.Item2};"));
        }

        parts.Add(Inv($"each weight shrunk toward {basePolicy.Version} by {options.PriorOutcomes:0} pseudo-outcomes and kept within 0..{options.MaxRatio:0.#}x of it; thresholds unchanged."));
        return string.Join(" ", parts);
    }

    public static string Table(IReadOnlyList<FitReport> reports, RiskPolicy basePolicy)
    {
        var text = new StringBuilder();
        foreach (var r in reports)
        {
            text.AppendLine(Inv($"{r.Subject}: {r.Outcomes} outcomes, {r.Infringing} infringing") + (r.Skipped is null ? Inv($", bias {r.Bias:0.00}, {r.PointsPerLogit:0.0} points per logit") : $", kept: {r.Skipped}"));
            text.AppendLine("  factor                          support   coef    base  fitted   final");
            foreach (var w in r.Weights)
            {
                text.AppendLine(Inv($"  {w.Name,-30} {w.Support,8} {w.Coefficient,6:0.000} {w.Base,7:0.##} {w.Fitted,7:0.##} {w.Final,7:0.##}"));
            }
        }

        return text.ToString();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
