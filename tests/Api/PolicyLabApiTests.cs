using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IpGuard.Grains.Scoring;
using IpGuard.Tests.Infrastructure;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Api;

/// <summary>An api of its own behind the validating proxy: these tests change the active policy.</summary>
public sealed class PolicyLabApiFixture() : ApiFixture(validate: true);

[CollectionDefinition(Name)]
public sealed class PolicyLabApiCollection : ICollectionFixture<PolicyLabApiFixture>
{
    public const string Name = "policy-lab-api";
}

/// <summary>The policy lab over HTTP: write, shadow, report, activate, roll back, audit; bad documents change nothing.</summary>
[Collection(PolicyLabApiCollection.Name)]
public sealed class PolicyLabApiTests(PolicyLabApiFixture api)
{
    private static readonly string Shipped = new RiskPolicy().Version;

    [Fact(DisplayName = "Policy lab: PUT a candidate, shadow it (honest decisions do not move), read its report, activate it (answers switch within 5 s), roll back")]
    public async Task FullCycle()
    {
        var candidate = Ids.New("cand");
        var document = await ShippedDocumentAsync(candidate);
        document["note"] = "unverified sellers count more";
        document["seller"]!["unverified"] = 30;
        var written = await api.Admin.PutAsync($"/v1/policies/{candidate}", Json(document)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(30, written.GetProperty("seller").GetProperty("unverified").GetDouble());
        Assert.Equal("draft", Item(await ListAsync(), candidate).GetProperty("status").GetString());

        // An honest, verified seller with a plain listing, and a new unverified one.
        var honest = Ids.New("seller");
        await Flow.RegisterAsync(api.Ingest, honest, registeredAt: DateTimeOffset.UtcNow.AddYears(-3));
        await api.Ingest.PostAsync("/v1/verifications", Json(Bodies.Verification(honest))).ExpectAsync(HttpStatusCode.OK);
        var listing = Ids.New("listing");
        await Flow.ListAsync(api.Ingest, listing, honest);
        var honestBefore = await Flow.SellerRiskAsync(api.Moderator, honest);
        var risky = Ids.New("seller");

        var shadowed = await api.Admin.PostAsync($"/v1/policies/{candidate}/shadow", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(candidate, shadowed.GetProperty("shadow").GetString());
        var answer = await UntilAsync(async () =>
        {
            await Flow.ListAsync(api.Ingest, listing, honest);
            var registered = await Flow.RegisterAsync(api.Ingest, risky);
            var view = await Flow.SellerRiskAsync(api.Moderator, risky);
            return (registered, view);
        }, r => r.view.TryGetProperty("shadow", out var s) && s.ValueKind == JsonValueKind.Object);

        // The ingest answer and the decisions are the active version's; only moderators see the shadow.
        Assert.False(answer.registered.TryGetProperty("shadow", out var leaked) && leaked.ValueKind != JsonValueKind.Null);
        Assert.Equal(("monitor", Shipped), (answer.view.GetProperty("decision").GetString(), answer.view.GetProperty("policyVersion").GetString()));
        var shadow = answer.view.GetProperty("shadow");
        Assert.Equal((candidate, "review", 45), (shadow.GetProperty("policyVersion").GetString(), shadow.GetProperty("decision").GetString(), shadow.GetProperty("score").GetInt32()));
        var checkoutView = await Flow.SellerRiskAsync(api.Checkout, risky);
        Assert.False(checkoutView.TryGetProperty("shadow", out var hidden) && hidden.ValueKind != JsonValueKind.Null);
        var listingView = await Flow.ListingRiskAsync(api.Moderator, listing);
        Assert.Equal(("active", "active"), (listingView.GetProperty("status").GetString(), listingView.GetProperty("shadow").GetProperty("status").GetString()));

        var honestDuring = await Flow.SellerRiskAsync(api.Moderator, honest);
        Assert.Equal(honestBefore.GetProperty("decision").GetString(), honestDuring.GetProperty("decision").GetString());
        Assert.Equal(honestBefore.GetProperty("score").GetInt32(), honestDuring.GetProperty("score").GetInt32());
        Assert.Equal(Shipped, honestDuring.GetProperty("policyVersion").GetString());

        var report = await UntilAsync(
            () => api.Moderator.GetAsync($"/v1/policies/{candidate}/report").ExpectAsync(HttpStatusCode.OK),
            r => r.GetProperty("sellers").GetProperty("transitions").TryGetProperty("monitor->review", out _));
        Assert.Equal(candidate, report.GetProperty("version").GetString());
        Assert.True(report.GetProperty("sellers").GetProperty("compared").GetInt64() >= 1);
        Assert.True(report.GetProperty("listings").GetProperty("compared").GetInt64() >= 1);
        Assert.Contains(report.GetProperty("examples").EnumerateArray(), e => e.GetProperty("id").GetString() == risky);

        var activated = Stopwatch.StartNew();
        var list = await api.Admin.PostAsync($"/v1/policies/{candidate}/activate", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(candidate, list.GetProperty("active").GetString());
        var switched = await UntilAsync(() => Flow.RegisterAsync(api.Ingest, risky), v => v.GetProperty("policyVersion").GetString() == candidate);
        Assert.True(activated.Elapsed < TimeSpan.FromSeconds(5), $"the answers switched after {activated.Elapsed}");
        Assert.Equal("review", switched.GetProperty("decision").GetString());
        await api.Admin.PutAsync($"/v1/policies/{candidate}", Json(document)).ExpectProblemAsync(HttpStatusCode.Conflict);

        await api.Admin.PostAsync($"/v1/policies/{Shipped}/activate", null).ExpectAsync(HttpStatusCode.OK);
        var back = await UntilAsync(() => Flow.RegisterAsync(api.Ingest, risky), v => v.GetProperty("policyVersion").GetString() == Shipped);
        Assert.Equal(25, back.GetProperty("score").GetInt32());
        Assert.Equal("retired", Item(await ListAsync(), candidate).GetProperty("status").GetString());

        var audit = await AuditAsync();
        var ours = audit.Where(e => e.GetProperty("subject").GetString() == candidate || e.GetProperty("detail").GetString() == $"was {candidate}")
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["policy_written", "policy_shadow_started", "policy_activated", "policy_activated"], ours);
        Assert.All(audit, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("actor").GetString())));
    }

    [Fact(DisplayName = "Policy lab: a negative weight, thresholds out of order, a missing version or an unknown setting answer 400 naming each, and nothing changes")]
    public async Task InvalidPoliciesChangeNothing()
    {
        var before = await ListAsync();
        var version = Ids.New("bad");
        var document = await ShippedDocumentAsync(version);
        document["listing"]!["buyerReport"] = -1;
        document["decisions"]!["restrict"] = 30;
        document["listing"]!["flagTreshold"] = 10;
        var problem = await api.Admin.PutAsync($"/v1/policies/{version}", Json(document)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("listing.buyerReport", out _));
        Assert.True(errors.TryGetProperty("decisions.restrict", out _));
        Assert.True(errors.TryGetProperty("listing.flagTreshold", out _));

        document = await ShippedDocumentAsync(version);
        document.Remove("version");
        var missing = await api.Admin.PutAsync($"/v1/policies/{version}", Json(document)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("version", out _));

        await api.Admin.PutAsync($"/v1/policies/{Shipped}", Json(await ShippedDocumentAsync(Shipped))).ExpectProblemAsync(HttpStatusCode.Conflict);
        await api.Moderator.PutAsync($"/v1/policies/{Ids.New("v")}", Json(await ShippedDocumentAsync("x"))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await api.Admin.PostAsync($"/v1/policies/{Ids.New("none")}/activate", null).ExpectProblemAsync(HttpStatusCode.NotFound);
        await api.Admin.PostAsync($"/v1/policies/{Shipped}/shadow", null).ExpectProblemAsync(HttpStatusCode.Conflict);
        await api.Admin.GetAsync("/v1/audit?limit=0").ExpectProblemAsync(HttpStatusCode.BadRequest);

        var after = await ListAsync();
        Assert.Equal(before.GetProperty("active").GetString(), after.GetProperty("active").GetString());
        Assert.Equal(before.GetProperty("items").GetArrayLength(), after.GetProperty("items").GetArrayLength());
        await api.Moderator.GetAsync($"/v1/policies/{version}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact(DisplayName = "Audit log: brand registry writes and key minting are recorded with their actor, and paged oldest first by cursor")]
    public async Task AuditRecordsAdminActs()
    {
        var brandId = await Flow.PutBrandAsync(api.Admin);
        await api.Admin.PostAsync($"/v1/brands/{brandId}/api-keys", null).ExpectAsync(HttpStatusCode.Created);

        var all = await AuditAsync();
        var mine = all.Where(e => e.GetProperty("subject").GetString() == brandId).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["brand_registry_written", "api_key_minted"], mine);

        var first = await api.Admin.GetAsync("/v1/audit?limit=1").ExpectAsync(HttpStatusCode.OK);
        var second = await api.Admin.GetAsync($"/v1/audit?limit=1&after={first.GetProperty("next").GetString()}").ExpectAsync(HttpStatusCode.OK);
        Assert.True(second.GetProperty("items")[0].GetProperty("id").GetInt64() > first.GetProperty("items")[0].GetProperty("id").GetInt64());
        await api.Moderator.GetAsync("/v1/audit").ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<JsonObject> ShippedDocumentAsync(string version)
    {
        var document = JsonNode.Parse((await api.Admin.GetAsync($"/v1/policies/{Shipped}").ExpectAsync(HttpStatusCode.OK)).GetRawText())!.AsObject();
        document["version"] = version;
        document.Remove("note");
        return document;
    }

    private Task<JsonElement> ListAsync() => api.Moderator.GetAsync("/v1/policies").ExpectAsync(HttpStatusCode.OK);

    private static JsonElement Item(JsonElement list, string version) =>
        list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("version").GetString() == version);

    private async Task<List<JsonElement>> AuditAsync()
    {
        var items = new List<JsonElement>();
        string? after = null;
        for (var page = 0; page < 100; page++)
        {
            var answer = await api.Admin.GetAsync($"/v1/audit?limit=1000{(after is null ? "" : $"&after={after}")}").ExpectAsync(HttpStatusCode.OK);
            var batch = answer.GetProperty("items").EnumerateArray().ToList();
            items.AddRange(batch);
            if (batch.Count < 1000)
            {
                break;
            }

            after = answer.GetProperty("next").GetString();
        }

        return items;
    }

    /// <summary>Calls until the answer satisfies the condition, for at most 10 s; answers the last one.</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T>> call, Func<T, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await call();
            if (done(value) || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return value;
            }

            await Task.Delay(100);
        }
    }
}
