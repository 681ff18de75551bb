using System.Text.Json;
using System.Text.Json.Nodes;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.OpenApi;

/// <summary>
/// The OpenAPI document the api serves: it passes Redocly's recommended rules, it equals the
/// committed copy (api/openapi/v1.json, from which the test client is generated), and each
/// operation states the roles the contract gives it.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class OpenApiDocumentTests(ContractApiFixture api)
{
    /// <summary>Set to 1 to write the live document over the committed copy (scripts/openapi.sh does).</summary>
    public const string UpdateVariable = "IPGUARD_UPDATE_OPENAPI";

    public static string SnapshotPath => Path.Combine(OpenApiTools.RepositoryRoot, "api", "openapi", "v1.json");

    [Fact(DisplayName = "OpenAPI: redocly lint (recommended rules, @redocly/cli 2.77.0) finds no error and no warning in the live document")]
    public async Task LintIsClean()
    {
        var (exitCode, output, error) = await OpenApiTools.RunToolAsync("redocly",
            ["lint", api.DocumentPath!, "--config", Path.Combine(OpenApiTools.ToolsDirectory, "redocly.yaml"), "--format", "json"],
            TimeSpan.FromMinutes(3));

        var json = output[output.IndexOf('{', StringComparison.Ordinal)..];
        var report = JsonNode.Parse(json)!;
        var problems = report["problems"]!.AsArray()
            .Select(p => $"{p!["severity"]} {p["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}")
            .ToList();
        var errors = report["totals"]!["errors"]!.GetValue<int>();
        var warnings = report["totals"]!["warnings"]!.GetValue<int>();
        Assert.True(errors == 0 && warnings == 0 && exitCode == 0,
            $"redocly lint: {errors} errors, {warnings} warnings (exit {exitCode})\n{string.Join("\n", problems.Take(60))}\n{error}");
    }

    [Fact(DisplayName = "OpenAPI: the live document equals the committed api/openapi/v1.json (a contract change shows in review; scripts/openapi.sh refreshes it)")]
    public async Task DocumentEqualsSnapshot()
    {
        var live = Normalize(await File.ReadAllTextAsync(api.DocumentPath!));
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
            await File.WriteAllTextAsync(SnapshotPath, live);
        }

        Assert.True(File.Exists(SnapshotPath), $"{SnapshotPath} is missing: run scripts/openapi.sh");
        var committed = Normalize(await File.ReadAllTextAsync(SnapshotPath));
        if (committed != live)
        {
            var liveLines = live.Split('\n');
            var committedLines = committed.Split('\n');
            var first = Enumerable.Range(0, Math.Min(liveLines.Length, committedLines.Length)).FirstOrDefault(i => liveLines[i] != committedLines[i], Math.Min(liveLines.Length, committedLines.Length));
            Assert.Fail($"The api's OpenAPI document differs from api/openapi/v1.json from line {first + 1}:\n"
                + $"committed: {committedLines.ElementAtOrDefault(first)}\nlive:      {liveLines.ElementAtOrDefault(first)}\n"
                + "If the change is meant, run scripts/openapi.sh (it rewrites the copy and regenerates the client) and commit both.");
        }
    }

    [Fact(DisplayName = "OpenAPI: every operation needs the ApiKey scheme, with the roles the authorization matrix allows (x-roles and security)")]
    public async Task OperationsStateTheirRoles()
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(api.DocumentPath!))!;
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("header", scheme["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", scheme["name"]!.GetValue<string>());

        var expected = new Dictionary<string, string[]>
        {
            ["RegisterSeller"] = ["ingest", "admin"],
            ["RecordVerification"] = ["ingest", "admin"],
            ["UpsertListing"] = ["ingest", "admin"],
            ["UpsertListingBatch"] = ["ingest", "admin"],
            ["Report"] = ["ingest", "admin"],
            ["Scan"] = ["ingest", "admin"],
            ["Appeal"] = ["ingest", "admin"],
            ["Checkout"] = ["checkout", "admin"],
            ["Ping"] = ["checkout", "admin"],
            ["GetSellerRisk"] = ["checkout", "moderator", "admin"],
            ["GetListingRisk"] = ["checkout", "moderator", "admin"],
            ["PutBrand"] = ["admin"],
            ["MintBrandKey"] = ["admin"],
            ["GetBrand"] = ["moderator", "brand:{brandId}", "admin"],
            ["UpdateAuthorizedSellers"] = ["brand:{brandId}", "admin"],
            ["FileNotice"] = ["brand:{brandId}", "admin"],
            ["Takedown"] = ["brand:{brandId}", "admin"],
            ["MintCodes"] = ["brand:{brandId}", "admin"],
            ["ListCases"] = ["moderator", "admin"],
            ["ClaimCase"] = ["moderator", "admin"],
            ["ResolveCase"] = ["moderator", "admin"],
            ["SetOverride"] = ["moderator", "admin"],
            ["ClearOverride"] = ["moderator", "admin"],
            ["LinkedSellers"] = ["moderator", "admin"],
            ["Dossier"] = ["moderator", "admin"],
            ["Feed"] = ["moderator", "admin"],
            ["DashboardSummary"] = ["moderator", "admin"],
            ["ListPolicies"] = ["moderator", "admin"],
            ["GetPolicy"] = ["moderator", "admin"],
            ["PutPolicy"] = ["admin"],
            ["ActivatePolicy"] = ["admin"],
            ["ShadowPolicy"] = ["admin"],
            ["StopShadowPolicy"] = ["admin"],
            ["GetPolicyReport"] = ["moderator", "admin"],
            ["ListAudit"] = ["admin"],
            ["ListOutcomes"] = ["admin"],
            ["ListEvents"] = ["events", "brand:<brandId>", "admin"],
            ["CreateWebhook"] = ["brand:<brandId>", "admin"],
            ["ListWebhooks"] = ["brand:<brandId>", "admin"],
            ["DeleteWebhook"] = ["brand:<brandId>", "admin"],
            ["ListWebhookDeliveries"] = ["brand:<brandId>", "admin"],
        };

        var seen = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var id = operation!["operationId"]?.GetValue<string>() ?? $"{method} {path}";
                seen.Add(id);
                Assert.True(expected.TryGetValue(id, out var roles), $"{id} is not in the role table of this test");
                var xRoles = operation["x-roles"]!.AsArray().Select(r => r!.GetValue<string>()).Order().ToArray();
                var security = operation["security"]!.AsArray().SelectMany(r => r!["ApiKey"]!.AsArray().Select(x => x!.GetValue<string>())).Order().ToArray();
                Assert.Equal(roles.Order().ToArray(), xRoles);
                Assert.Equal(roles.Order().ToArray(), security);
                Assert.Contains("Roles:", operation["description"]!.GetValue<string>());
                foreach (var status in new[] { "401", "403" })
                {
                    Assert.True(operation["responses"]![status] is not null, $"{id} does not document {status}");
                }
            }
        }

        Assert.Equal(expected.Keys.Order(), seen.Order());
    }

    /// <summary>Indented, "\n" line ends, one trailing newline: the form the committed copy is kept in.</summary>
    private static string Normalize(string json) =>
        JsonSerializer.Serialize(JsonNode.Parse(json), new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
}
