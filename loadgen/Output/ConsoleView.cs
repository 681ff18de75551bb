using System.Globalization;
using IpGuard.LoadGen.Scenarios;
using Spectre.Console;

namespace IpGuard.LoadGen.Output;

/// <summary>
/// Progress on the console: a live table redrawn every second on a terminal, or one plain line
/// per kind per second when the output goes to a file or a pipe (CI logs, bench/run).
/// </summary>
internal static class ConsoleView
{
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static async Task<ScenarioResult> RunAsync(Func<IProgressSink, Task<ScenarioResult>> run)
    {
        if (!Interactive)
        {
            return await run(new PlainProgress());
        }

        var table = new Table().Expand().AddColumns("kind", "requests", "req/s", "events/s", "errors", "p50 ms", "p99 ms", "max ms");
        table.Title = new TableTitle("starting");
        return await AnsiConsole.Live(table).AutoClear(false).StartAsync(async live => await run(new LiveProgress(table, live)));
    }

    public static void Summary(ScenarioResult result)
    {
        if (Console.IsOutputRedirected)
        {
            // A log has no width; Spectre would assume 80 columns and wrap every cell.
            AnsiConsole.Profile.Width = 180;
        }

        foreach (var part in SummaryTable.Render(result))
        {
            AnsiConsole.Write(part);
            AnsiConsole.WriteLine();
        }
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private sealed class PlainProgress : IProgressSink
    {
        public void Phase(string text) => Console.WriteLine($"== {text}");

        public void Tick(TimeSpan elapsed, IReadOnlyList<KindProgress> kinds)
        {
            foreach (var k in kinds.Where(k => k.Last.RequestsPerSecond > 0 || k.Last.Errors > 0))
            {
                Console.WriteLine($"[{F(elapsed.TotalSeconds, "0.0"),6}s] {k.Kind,-12} {F(k.Last.RequestsPerSecond, "0"),8} req/s {F(k.Last.EventsPerSecond, "0"),9} ev/s "
                    + $"p50 {F(k.Last.P50, "0.00")} p99 {F(k.Last.P99, "0.00")} max {F(k.Last.Max, "0.00")} ms  errors {k.Failed}");
            }
        }
    }

    private sealed class LiveProgress(Table table, LiveDisplayContext live) : IProgressSink
    {
        private readonly Lock _lock = new();

        public void Phase(string text)
        {
            lock (_lock)
            {
                table.Title = new TableTitle(Markup.Escape(text));
                live.Refresh();
            }
        }

        public void Tick(TimeSpan elapsed, IReadOnlyList<KindProgress> kinds)
        {
            lock (_lock)
            {
                table.Rows.Clear();
                foreach (var k in kinds)
                {
                    table.AddRow(k.Kind, k.Requests.ToString("#,0", CultureInfo.InvariantCulture), F(k.Last.RequestsPerSecond, "#,0"), F(k.Last.EventsPerSecond, "#,0"),
                        k.Failed.ToString("#,0", CultureInfo.InvariantCulture), F(k.Last.P50, "0.00"), F(k.Last.P99, "0.00"), F(k.Last.Max, "0.00"));
                }

                table.Caption = new TableTitle($"{F(elapsed.TotalSeconds, "0")} s");
                live.Refresh();
            }
        }
    }
}
