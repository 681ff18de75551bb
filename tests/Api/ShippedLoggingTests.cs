using System.Net;
using System.Text;
using System.Text.Json;
using IpGuard.Tests.EventLog;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Api;

/// <summary>
/// What an operator's console gets from the shipped configuration under load: start-up lines,
/// warnings and errors, and nothing for each request or grain activation. Checked with the
/// api's own appsettings.json (copied beside the tests as shipped/api/appsettings.json) and
/// with none at all, as the silo host and an api started from another directory run.
/// </summary>
public sealed class ShippedLoggingTests
{
    private const int Events = 1000;
    private const int BatchSize = 100;
    private const int Sellers = 100;

    /// <summary>Information lines tolerated over the whole run: none is expected, one per event would be 1,000.</summary>
    private const int MaxInformationLines = 5;

    /// <summary>All lines tolerated: room for a loaded machine's slow-turn warnings, far below one per event.</summary>
    private const int MaxLines = 50;

    public static TheoryData<string> Configurations => new() { "shipped appsettings.json", "built-in defaults" };

    [Theory(DisplayName = "Under the shipped log levels 1,000 ingested events (1,000 listings, 100 sellers, a brand, cases), their webhook deliveries and 100 checkouts log no Polly line and at most a handful of lines in all, and stopping logs no error")]
    [MemberData(nameof(Configurations))]
    public async Task ShippedLevelsLogNothingPerEvent(string configuration)
    {
        var empty = configuration == "built-in defaults" ? Directory.CreateTempSubdirectory("ipguard-no-settings-") : null;
        var contentRoot = empty?.FullName ?? Path.Combine(AppContext.BaseDirectory, "shipped", "api");
        Assert.Equal(empty is null, File.Exists(Path.Combine(contentRoot, "appsettings.json")));
        var capture = new LogCapture();
        try
        {
            await using var server = await ApiServer.StartAsync(
                settings: new Dictionary<string, string?> { ["contentRoot"] = contentRoot },
                configure: builder =>
                {
                    // ApiServer quiets every test's console; this one needs a host's own default floor.
                    builder.Logging.SetMinimumLevel(LogLevel.Information);
                    builder.Logging.ClearProviders();
                    builder.Logging.AddProvider(capture);
                });
            Assert.Equal(contentRoot, server.Services.GetRequiredService<IHostEnvironment>().ContentRootPath.TrimEnd(Path.DirectorySeparatorChar));
            using var admin = server.Client("dev-admin");
            await using var receiver = await WebhookReceiver.StartAsync();
            _ = await EventSteps.RegisterAsync(admin, receiver.Url, "listing.status_changed", "seller.decision_changed");

            var brandId = Ids.New("brand");
            await admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand("Quillon"))).ExpectAsync(HttpStatusCode.OK);
            var run = Ids.New("run");
            var startedAt = capture.Lines.Count;

            async Task IngestAsync(string run)
            {
                for (var first = 0; first < Events; first += BatchSize)
                {
                    var lines = Enumerable.Range(first, BatchSize).Select(i => JsonSerializer.Serialize(Bodies.Listing(
                        $"{run}-l{i}",
                        $"{run}-s{i % Sellers}",
                        title: i % 10 == 0 ? "Quillon bag replica 1:1" : "Plain cotton t-shirt",
                        amount: i % 10 == 0 ? 90m : 20m,
                        brandId: i % 4 == 0 ? brandId : null)));
                    using var body = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
                    var result = await admin.PostAsync("/v1/listings/batch", body).ExpectAsync(HttpStatusCode.OK);
                    Assert.Equal(BatchSize, result.GetProperty("accepted").GetInt32());
                }
            }

            await IngestAsync(run);

            for (var seller = 0; seller < Sellers; seller++)
            {
                await admin.GetAsync($"/v1/sellers/{run}-s{seller}/checkout").ExpectAsync(HttpStatusCode.OK);
            }

            // Every delivery is an outgoing HTTP request: none may log a line of its own.
            await receiver.WaitUntilAsync(r => r.Count >= Sellers, TimeSpan.FromSeconds(60), $"at least {Sellers} webhook deliveries");

            var logged = capture.Lines.Skip(startedAt).ToList();
            var summary = string.Join(Environment.NewLine, logged
                .GroupBy(l => (l.Level, l.Category))
                .OrderByDescending(g => g.Count())
                .Select(g => $"{g.Count(),6} {g.Key.Level} {g.Key.Category}: {g.First().Message}"));
            Assert.True(!logged.Any(l => l.Category.StartsWith("Polly", StringComparison.Ordinal)), $"Polly logged during ingest:{Environment.NewLine}{summary}");
            Assert.True(logged.Count(l => l.Level == LogLevel.Information) <= MaxInformationLines, $"Information lines during ingest:{Environment.NewLine}{summary}");
            Assert.True(logged.Count <= MaxLines, $"{logged.Count} lines during ingest:{Environment.NewLine}{summary}");

            // Stopping the embedded service (state in memory) must not try to write state that
            // goes with the process: each such write failed and was logged twice, thousands of lines.
            // The webhook stays registered, with the deliveries of another 1,000 events under way:
            // its delivery rounds must stop quietly too.
            await IngestAsync(Ids.New("run"));
            var stoppedAt = capture.Lines.Count;
            await server.StopAsync();
            var onStop = capture.Lines.Skip(stoppedAt).ToList();
            var stopSummary = string.Join(Environment.NewLine, onStop
                .GroupBy(l => (l.Level, l.Category))
                .OrderByDescending(g => g.Count())
                .Select(g => $"{g.Count(),6} {g.Key.Level} {g.Key.Category}: {g.First().Message}"));
            Assert.True(!onStop.Any(l => l.Level >= LogLevel.Error), $"errors logged while stopping:{Environment.NewLine}{stopSummary}");
            Assert.True(onStop.Count <= MaxLines, $"{onStop.Count} lines while stopping:{Environment.NewLine}{stopSummary}");
        }
        finally
        {
            empty?.Delete(recursive: true);
        }
    }
}
