using System.Globalization;
using System.Net;
using System.Text;

namespace IpGuard.LoadGen.Output;

/// <summary>A line chart as inline SVG: no script, no external file, readable offline.</summary>
internal static class SvgChart
{
    private const int Width = 760;
    private const int Height = 280;
    private const int Left = 64;
    private const int Right = 150;
    private const int Top = 28;
    private const int Bottom = 40;

    public static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    /// <summary>One line: a name for the legend, a colour, and its points (x, y).</summary>
    public sealed record Series(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);

    /// <summary>
    /// Draws the series. <paramref name="xTicks"/> places labelled ticks on the x axis where the
    /// default even ticks would not do (the percentile axis).
    /// </summary>
    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, IReadOnlyList<(double X, string Label)>? xTicks = null)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{E(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{E(title)}</text>");
        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height / 2}\" font-size=\"12\">no data</text></svg>");
            return svg.ToString();
        }

        var xMin = points.Min(p => p.X);
        var xMax = points.Max(p => p.X);
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        var yMax = NiceCeiling(points.Max(p => p.Y));
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Px(double x) => Left + ((x - xMin) / (xMax - xMin) * plotW);
        double Py(double y) => Top + plotH - (y / yMax * plotH);

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#999\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var y = yMax * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{F(Py(y))}\" y2=\"{F(Py(y))}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Py(y) + 4)}\" font-size=\"11\" text-anchor=\"end\">{Label(y)}</text>");
        }

        var ticks = xTicks ?? Enumerable.Range(0, 6).Select(i => xMin + ((xMax - xMin) * i / 5)).Select(x => (x, Label(x))).ToList();
        foreach (var (x, label) in ticks.Where(t => t.X >= xMin && t.X <= xMax))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Px(x))}\" x2=\"{F(Px(x))}\" y1=\"{Top + plotH}\" y2=\"{Top + plotH + 4}\" stroke=\"#999\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Px(x))}\" y=\"{Top + plotH + 16}\" font-size=\"11\" text-anchor=\"middle\">{E(label)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 6}\" font-size=\"12\" text-anchor=\"middle\">{E(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Top + (plotH / 2)}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Top + (plotH / 2)})\">{E(yLabel)}</text>");

        var legendY = Top + 6;
        foreach (var s in series)
        {
            var path = string.Join(' ', s.Points.Select(p => $"{F(Px(p.X))},{F(Py(p.Y))}"));
            var dash = s.Dashed ? " stroke-dasharray=\"5 3\"" : "";
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.8\"{dash} points=\"{path}\"><title>{E(s.Name)}</title></polyline>");
            if (s.Points.Count == 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(Px(s.Points[0].X))}\" cy=\"{F(Py(s.Points[0].Y))}\" r=\"3\" fill=\"{s.Color}\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width - Right + 12}\" x2=\"{Width - Right + 32}\" y1=\"{legendY}\" y2=\"{legendY}\" stroke=\"{s.Color}\" stroke-width=\"2\"{dash}/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 38}\" y=\"{legendY + 4}\" font-size=\"11\">{E(s.Name)}</text>");
            legendY += 16;
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The smallest 1, 2, 2.5 or 5 × 10^n at or above the value.</summary>
    public static double NiceCeiling(double value)
    {
        if (!(value > 0))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Label(double value) => value switch
    {
        >= 1_000_000 => (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.#", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
