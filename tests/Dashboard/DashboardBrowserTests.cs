using System.Diagnostics;
using System.Net;
using IpGuard.Tests.Api;
using IpGuard.Tests.Infrastructure;
using Microsoft.Playwright;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.Dashboard;

/// <summary>Runs alone: its 1 s bound is about the service, not about other tests' load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}

/// <summary>The moderators' page in a real headless Chromium (Debian's), driven by Playwright.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private ApiServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private ApiServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact(DisplayName = "Dashboard: after the key is entered the top-risk table updates within 1 s of ingest, and a case is claimed and resolved from the page")]
    public async Task LiveTableAndCaseWorkflow()
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(new Uri(Server.BaseAddress, "/dashboard").ToString());
        await page.FillAsync("#api-key", "dev-moderator");
        await page.FillAsync("#actor", "alice");
        await page.PressAsync("#api-key", "Enter");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });

        using var ingest = Server.Client("dev-ingest");
        using var admin = Server.Client("dev-admin");

        // A seller whose listing is removed on sight jumps to the top of the table.
        var brandId = Ids.New("brand");
        await admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand("Vestrel", 300m))).ExpectAsync(HttpStatusCode.OK);

        // A first listing warms the ingest path (JIT, activations), so the bound below is about the feed, not a cold start.
        await ingest.PostAsync("/v1/listings", Json(Bodies.Listing(Ids.New("listing"), Ids.New("seller"), "Vestrel scarf", 280m, brandId))).ExpectAsync(HttpStatusCode.OK);
        var risky = Ids.New("seller");
        var clock = Stopwatch.StartNew();
        await ingest.PostAsync("/v1/listings", Json(Bodies.Listing(Ids.New("listing"), risky, "Vestrel bag replica 1:1", 100m, brandId))).ExpectAsync(HttpStatusCode.OK);
        await Assertions.Expect(page.Locator($"#top-table tr[data-seller-id='{risky}']")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 1000 });
        var shown = clock.Elapsed;
        Assert.True(shown < TimeSpan.FromSeconds(1.5), $"the table showed the seller after {shown.TotalMilliseconds:0} ms");

        // A flagged listing opens a review case, which the moderator claims and resolves on the page.
        var flaggedSeller = Ids.New("seller");
        var listingId = Ids.New("listing");
        await ingest.PostAsync("/v1/listings", Json(Bodies.Listing(listingId, flaggedSeller, "Vestrel scarf mirror quality", 100m, Ids.New("nobrand")))).ExpectAsync(HttpStatusCode.OK);
        await ingest.PostAsync("/v1/reports", Json(Bodies.Report("buyer-a", listingId))).ExpectAsync(HttpStatusCode.OK);
        await ingest.PostAsync("/v1/reports", Json(Bodies.Report("buyer-b", listingId))).ExpectAsync(HttpStatusCode.OK);
        var listing = await admin.GetAsync($"/v1/listings/{listingId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("flagged", listing.GetProperty("status").GetString());

        var row = page.Locator("#case-table tbody tr", new PageLocatorOptions { HasText = listingId });
        await Assertions.Expect(row).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 5000 });
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Claim" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("claimed · alice", new LocatorAssertionsToContainTextOptions { Timeout = 5000 });

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathFor("dashboard.png"), FullPage = true });

        await row.Locator("select").SelectOptionAsync("confirmed");
        await row.GetByPlaceholder("note").FillAsync("counterfeit wording and two buyer reports");
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(page.Locator("#case-table tbody tr", new PageLocatorOptions { HasText = listingId })).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 5000 });

        var resolved = await admin.GetAsync($"/v1/listings/{listingId}/risk").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("removed", resolved.GetProperty("status").GetString());
        Assert.Equal("moderator", resolved.GetProperty("removal").GetProperty("by").GetString());

        // The seller drawer opens from the keyboard and shows factors and the timeline. The table
        // refreshes every second: the focused row must stay focused across a refresh.
        var riskyRow = $"#top-table tr[data-seller-id='{risky}']";
        await page.Locator(riskyRow).FocusAsync();
        await page.EvalOnSelectorAsync(riskyRow, "row => { row.dataset.before = 'yes'; }");
        await page.WaitForFunctionAsync($"() => {{ const r = document.querySelector(\"{riskyRow}\"); return r && !r.dataset.before; }}", null, new PageWaitForFunctionOptions { Timeout = 5000 });
        Assert.Equal(risky, await page.EvaluateAsync<string?>("() => document.activeElement?.dataset?.sellerId ?? null"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#drawer")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#drawer-body")).ToContainTextAsync("removed_listings", new LocatorAssertionsToContainTextOptions { Timeout = 5000 });
        await Assertions.Expect(page.Locator("#drawer-body")).ToContainTextAsync("Timeline");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#drawer")).ToBeHiddenAsync();
    }

    [Fact(DisplayName = "Dashboard: the policy panel shows the active and shadow versions and the shadow report's transitions")]
    public async Task PolicyPanelShowsShadowTransitions()
    {
        using var admin = Server.Client("dev-admin");
        using var ingest = Server.Client("dev-ingest");
        var shipped = new IpGuard.Grains.Scoring.RiskPolicy().Version;
        var document = System.Text.Json.Nodes.JsonNode.Parse((await admin.GetAsync($"/v1/policies/{shipped}").ExpectAsync(HttpStatusCode.OK)).GetRawText())!.AsObject();
        var candidate = Ids.New("cand");
        document["version"] = candidate;
        document["seller"]!["unverified"] = 30;
        await admin.PutAsync($"/v1/policies/{candidate}", Json(document)).ExpectAsync(HttpStatusCode.OK);

        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(new Uri(Server.BaseAddress, "/dashboard").ToString());
        await page.FillAsync("#api-key", "dev-moderator");
        await page.PressAsync("#api-key", "Enter");
        await Assertions.Expect(page.Locator("#policy-active")).ToHaveTextAsync(shipped, new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#policy-shadow")).ToHaveTextAsync("none");

        await admin.PostAsync($"/v1/policies/{candidate}/shadow", null).ExpectAsync(HttpStatusCode.OK);
        await Assertions.Expect(page.Locator("#policy-shadow")).ToHaveTextAsync(candidate, new LocatorAssertionsToHaveTextOptions { Timeout = 5000 });

        // New unverified sellers: monitor under the shipped policy, review under the candidate. The
        // silos load the shadow within a second: register until one is compared.
        var sellers = page.Locator("#transition-table tr[data-subjects='sellers']");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10) && !(await sellers.CountAsync() > 0 && (await sellers.InnerTextAsync()).Contains("monitor → review", StringComparison.Ordinal)))
        {
            await ingest.PostAsync("/v1/sellers", Json(new { eventId = Ids.New("ev"), sellerId = Ids.New("seller"), country = "NL" })).ExpectAsync(HttpStatusCode.OK);
            await page.WaitForTimeoutAsync(250);
        }

        await Assertions.Expect(sellers).ToContainTextAsync("monitor → review");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathFor("dashboard-policy.png"), FullPage = true });
    }
}
