using System.Globalization;
using IpGuard.LoadGen.Scenarios;
using IpGuard.LoadGen.Simulation;

namespace IpGuard.LoadGen;

/// <summary>Parses <c>&lt;scenario&gt; [--option value]…</c> into a <see cref="LoadConfig"/>.</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: loadgen <scenario> [options]
               loadgen table <results-dir>      the bench table of ping/health/ingest/checkout results
               loadgen detection-table <dir>    median and worst detection over the market results in dir (bench/detection)

        scenarios:
          ingest     listing events through POST /v1/listings/batch (NDJSON), or /v1/listings with --batch 1
          checkout   GET /v1/sellers/{id}/checkout, optionally beside an ingest stream (--mix-ingest-rate)
          market     a simulated marketplace with ground truth; reports detection quality. Its sellers: honest (verified,
                     new, discounting, authorized resellers, accessory makers), grey importers, and counterfeiters (crude,
                     stealthy, verified with clean titles, re-registering); brands' official photos reused and stolen,
                     rings sharing photos, a prep center's shared address, malicious mass reporters (bench/detection)
          direct     the ingest stream through an Orleans client to the grains (no HTTP); --ping: IHealthGrain.Ping
          health     GET /health/live: the trivial HTTP baseline; --ping: GET /v1/ping, the trivial grain GET

        options:
          --target URL           the API (default http://127.0.0.1:5080)
          --api-key KEY          X-Api-Key (default dev-admin; market needs admin)
          --ingest-api-key KEY   key of the ingest stream mixed into checkout (default: --api-key)
          --duration 60s         measured time (ms, s, m; default 60s)
          --rate N|max           requests/s, or events/s for ingest and direct; max: as fast as --concurrency allows (default max)
          --concurrency N        requests in flight at most (default 32; market 16)
          --sellers N --listings N --brands N   workload size (default 10000/100000/50; market 400/3000/12)
          --batch N              listing events a request, 1–1000 (default 100)
          --seed N               workload seed (default 1)
          --sequential           event n changes listing n mod --listings: every listing comes alive in one pass
          --mix-ingest-rate N    checkout, feed: events/s of a concurrent ingest stream (default 0),
                                 or max: as fast as it is answered, 8 connections
          --ping                 direct: call IHealthGrain.Ping instead of ingesting; health: GET /v1/ping (a grain call through the api)
          --gateway PORT --cluster-id ID --service-id ID   direct: the cluster (default 30000, ipguard, ipguard)
          --connect-timeout 10s  direct: give up joining the cluster after this long (default 10s)
          --days N               market: simulated days (default 10)
          --mix NAME             market: the population mix, in % of sellers (default 'default'):
                                   default     63 honest, 8 grey; counterfeiters 29: crude 10, stealthy 8, verified 6, re-registering 5
                                   stealthy    63 honest, 8 grey; counterfeiters 29: crude 3, stealthy 12, verified 11, re-registering 3
                                   crude       63 honest, 8 grey; counterfeiters 29: crude 18, stealthy 4, verified 2, re-registering 5
                                   confounded  72 honest (12 accessory makers, 12 discounters), 10 grey; counterfeiters 18
          --moderate             market: a moderator who knows the ground truth resolves the open cases at the end of each
                                 day (the labelled outcomes tools/fit learns from; off in bench/detection)
          --run-id ID            prefix of every id written (default: fresh per run)
          --shadow-policy FILE   market: PUT this policy document, run it in shadow, and print its detection beside the active policy's
          --out results.json     write the result as JSON
          --report report.html   write a self-contained HTML report
        """;

    public static LoadConfig Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new UsageException("name a scenario first");
        }

        var scenario = args[0].ToLowerInvariant();
        if (!ScenarioNames.All.Contains(scenario))
        {
            throw new UsageException($"unknown scenario '{args[0]}'");
        }

        var market = scenario == ScenarioNames.Market;
        var config = new LoadConfig
        {
            Scenario = scenario,
            Concurrency = market ? 16 : 32,
            Sellers = market ? 400 : 10_000,
            Listings = market ? 3000 : 100_000,
            Brands = market ? 12 : 50,
        };
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"{name} needs a value");
                }

                return args[++i];
            }

            config = name switch
            {
                "--target" => config with { Target = Uri.TryCreate(Value(), UriKind.Absolute, out var uri) ? uri : throw new UsageException("--target must be an absolute URL") },
                "--api-key" => config with { ApiKey = Value() },
                "--ingest-api-key" => config with { IngestApiKey = Value() },
                "--duration" => config with { Duration = ParseDuration(Value()) },
                "--rate" => config with { Rate = Value() is var rate && rate == "max" ? null : Positive(name, ParseDouble(name, rate)) },
                "--concurrency" => config with { Concurrency = (int)Positive(name, ParseInt(name, Value())) },
                "--sellers" => config with { Sellers = (int)Positive(name, ParseInt(name, Value())) },
                "--listings" => config with { Listings = (int)Positive(name, ParseInt(name, Value())) },
                "--brands" => config with { Brands = (int)Positive(name, ParseInt(name, Value())) },
                "--batch" => config with { Batch = ParseInt(name, Value()) is var b and >= 1 and <= 1000 ? b : throw new UsageException("--batch must be 1–1000") },
                "--seed" => config with { Seed = ParseInt(name, Value()) },
                "--mix-ingest-rate" => Value() is var mix && mix == "max"
                    ? config with { MixIngestMax = true, MixIngestRate = 0 }
                    : config with { MixIngestMax = false, MixIngestRate = ParseDouble(name, mix) is var m and >= 0 ? m : throw new UsageException("--mix-ingest-rate must be ≥ 0 or max") },
                "--ping" => config with { Ping = true },
                "--sequential" => config with { Sequential = true },
                "--gateway" => config with { GatewayPort = (int)Positive(name, ParseInt(name, Value())) },
                "--cluster-id" => config with { ClusterId = Value() },
                "--service-id" => config with { ServiceId = Value() },
                "--connect-timeout" => config with { ConnectTimeout = ParseDuration(Value()) },
                "--days" => config with { Days = (int)Positive(name, ParseInt(name, Value())) },
                "--mix" => config with { Mix = ParseMix(Value()) },
                "--run-id" => config with { RunId = Value() },
                "--shadow-policy" => config with { ShadowPolicy = File.Exists(Value()) ? args[i] : throw new UsageException($"--shadow-policy: no file '{args[i]}'") },
                "--moderate" => config with { Moderate = true },
                "--out" => config with { Out = Value() },
                "--report" => config with { Report = Value() },
                _ => throw new UsageException($"unknown option '{name}'"),
            };
        }

        return config;
    }

    /// <summary>"500ms", "20s", "2m", or plain seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0))
        {
            throw new UsageException($"'{text}' is not a duration such as 500ms, 20s or 2m");
        }

        return TimeSpan.FromSeconds(value * unit);
    }

    private static MarketMix ParseMix(string text) =>
        SellerKinds.MixNames.Contains(text, StringComparer.OrdinalIgnoreCase)
            ? SellerKinds.ParseMix(text)
            : throw new UsageException($"--mix must be one of {string.Join(", ", SellerKinds.MixNames)}, not '{text}'");

    private static int ParseInt(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"{name} needs a whole number, not '{text}'");

    private static double ParseDouble(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"{name} needs a number, not '{text}'");

    private static double Positive(string name, double value) => value > 0 ? value : throw new UsageException($"{name} must be positive");
}

/// <summary>The command line is wrong; the message says how.</summary>
internal sealed class UsageException(string message) : Exception(message);
