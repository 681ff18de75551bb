using System.Net;
using System.Text.Json;
using IpGuard.Tests.Api;
using IpGuard.Tests.Infrastructure;
using static IpGuard.Tests.Infrastructure.Http;

namespace IpGuard.Tests.EventLog;

/// <summary>Webhooks over a real redis-server and a real receiver on loopback.</summary>
public sealed class WebhookTests(EventsFixture fixture) : IClassFixture<EventsFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact(DisplayName = "Webhooks: every event is signed (t=, v1=HMAC-SHA256 of \"t.body\") and a subject's events arrive in order")]
    public async Task SignedAndInOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = fixture.Api.Client("dev-admin");
        using var moderator = fixture.Api.Client("dev-moderator");
        var (_, secret) = await EventSteps.RegisterAsync(admin, receiver.Url, "seller.decision_changed");
        var sellers = new[] { Ids.New("seller"), Ids.New("seller") };
        foreach (var seller in sellers)
        {
            await EventSteps.NewSellerAsync(admin, seller);
        }

        await Task.WhenAll(sellers.Select(s => EventSteps.FlipDecisionAsync(moderator, s, 5)));

        await receiver.WaitUntilAsync(r => sellers.All(s => r.Count(e => e.EventId.StartsWith($"seller:{s}:", StringComparison.Ordinal)) >= 11), Bound, "11 decisions of each seller (monitor, then 5 flips)");
        var ours = receiver.Received.Where(e => sellers.Any(s => e.EventId.StartsWith($"seller:{s}:", StringComparison.Ordinal))).ToList();
        Assert.All(ours, e =>
        {
            Assert.True(e.SignedWith(secret), $"signature of {e.EventId}");
            Assert.Equal("seller.decision_changed", e.Type);
            using var body = JsonDocument.Parse(e.Body);
            Assert.Equal(e.EventId, body.RootElement.GetProperty("id").GetString());
            Assert.Equal(e.Type, body.RootElement.GetProperty("type").GetString());
        });
        foreach (var (_, order) in EventSteps.FirstReceiptOrder(ours))
        {
            Assert.Equal(Enumerable.Range(1, order.Count).Select(i => (long)i), order);
        }

        Assert.False(ours[0].SignedWith("whsec_another"), "another secret does not verify");
    }

    [Fact(DisplayName = "Webhooks: a receiver answering 500 for a while, then 200, gets every event in order per subject; the attempts are listed")]
    public async Task FailingReceiverRecovers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailWith = 500;
        using var admin = fixture.Api.Client("dev-admin");
        using var moderator = fixture.Api.Client("dev-moderator");
        var (webhookId, secret) = await EventSteps.RegisterAsync(admin, receiver.Url, "seller.decision_changed");
        var sellers = new[] { Ids.New("seller"), Ids.New("seller"), Ids.New("seller") };
        foreach (var seller in sellers)
        {
            await EventSteps.NewSellerAsync(admin, seller);
        }

        await Task.WhenAll(sellers.Select(s => EventSteps.FlipDecisionAsync(moderator, s, 3)));

        // A new seller is at monitor (new_account, unverified): with 3 flips, at least 7 decisions
        // each (more when one's suspension moves another that shares its device).
        // Failures are retried: wait for several, then recover.
        var deadline = DateTime.UtcNow + Bound;
        while (receiver.Failures < 12)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {receiver.Failures} failed attempts");
            await Task.Delay(50);
        }

        var failed = await admin.GetAsync($"/v1/webhooks/{webhookId}/deliveries?limit=200").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(failed.GetProperty("items").EnumerateArray(), a => a.GetProperty("status").GetString() == "failed" && a.GetProperty("httpStatus").GetInt32() == 500);

        receiver.FailWith = 0;
        using var reader = fixture.Api.Client("dev-events");
        var logged = (await EventSteps.ReadAllAsync(reader, "&types=seller.decision_changed"))
            .Select(e => e.GetProperty("id").GetString()!)
            .Where(id => sellers.Any(s => id.StartsWith($"seller:{s}:", StringComparison.Ordinal))).ToHashSet();
        Assert.True(logged.Count >= sellers.Length * 7, $"{logged.Count} decisions logged");
        await receiver.WaitUntilAsync(r => logged.IsSubsetOf(r.Select(e => e.EventId)), Bound,
            $"every logged decision of the sellers; missing {string.Join(", ", logged.Except(receiver.Received.Select(e => e.EventId)).Take(5))}");
        var orders = EventSteps.FirstReceiptOrder(receiver.Received);
        foreach (var seller in sellers)
        {
            var order = orders[$"seller:{seller}"];
            Assert.Equal(Enumerable.Range(1, order.Count).Select(i => (long)i), order);
        }

        Assert.All(receiver.Received, e => Assert.True(e.SignedWith(secret)));
        var attempts = await admin.GetAsync($"/v1/webhooks/{webhookId}/deliveries?limit=200").ExpectAsync(HttpStatusCode.OK);
        var items = attempts.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, a => a.GetProperty("status").GetString() == "delivered" && a.GetProperty("attempt").GetInt32() > 1);
    }

    [Fact(DisplayName = "Webhooks: deliveries pending when the api and silo stop resume after they restart")]
    // The seller's decisions: monitor on registration, then suspend and back twice.
    public async Task RestartResumesDeliveries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailWith = 503;
        var serviceId = $"ipguard-webhook-restart-{Guid.NewGuid():N}";
        var sellerId = Ids.New("seller");
        await using (var first = await ApiServer.StartAsync(fixture.Redis.ConnectionString, serviceId, EventsFixture.FastWebhooks))
        {
            using var admin = first.Client("dev-admin");
            await EventSteps.RegisterAsync(admin, receiver.Url, "seller.decision_changed");
            await EventSteps.NewSellerAsync(admin, sellerId);
            await EventSteps.FlipDecisionAsync(first.Client("dev-moderator"), sellerId, 2);
            var deadline = DateTime.UtcNow + Bound;
            while (receiver.Failures == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "no attempt before the restart");
                await Task.Delay(50);
            }
        }

        receiver.FailWith = 0;
        await using var second = await ApiServer.StartAsync(fixture.Redis.ConnectionString, serviceId, EventsFixture.FastWebhooks);
        await receiver.WaitUntilAsync(r => r.Select(e => e.EventId).Distinct().Count(id => id.StartsWith($"seller:{sellerId}:", StringComparison.Ordinal)) == 5, Bound, "the 5 decisions made before the restart");
        Assert.Equal([1L, 2, 3, 4, 5], EventSteps.FirstReceiptOrder(receiver.Received)[$"seller:{sellerId}"]);
    }

    [Fact(DisplayName = "Webhooks: deleting a webhook whose receiver hangs answers at once, not when the delivery gives up")]
    public async Task DeleteWhileReceiverHangs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hold = receiver.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var admin = fixture.Api.Client("dev-admin");
        using var moderator = fixture.Api.Client("dev-moderator");
        var (webhookId, _) = await EventSteps.RegisterAsync(admin, receiver.Url, "seller.decision_changed");
        var sellerId = Ids.New("seller");
        await EventSteps.NewSellerAsync(admin, sellerId);
        await EventSteps.FlipDecisionAsync(moderator, sellerId, 1);
        var deadline = DateTime.UtcNow + Bound;
        while (receiver.Held == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "a delivery reached the hanging receiver");
            await Task.Delay(50);
        }

        // The delivery waits for the receiver (up to the send timeout, 10 s); the delete does not.
        var started = DateTime.UtcNow;
        await admin.DeleteAsync($"/v1/webhooks/{webhookId}").ExpectAsync(HttpStatusCode.NoContent);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), $"the delete took {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        await admin.GetAsync($"/v1/webhooks/{webhookId}/deliveries").ExpectProblemAsync(HttpStatusCode.NotFound);
        hold.SetResult();
    }

    [Fact(DisplayName = "Webhooks: the secret is shown once; list omits it; delete removes the webhook (204, then 404)")]
    public async Task RegisterListDelete()
    {
        using var admin = fixture.Api.Client("dev-admin");
        var created = await admin.PostAsync("/v1/webhooks", Json(new { url = "https://hooks.example.com/ipguard", types = new[] { "case.opened", "case.resolved" }, description = "moderation bot" }))
            .ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("webhookId").GetString()!;
        Assert.StartsWith("whsec_", created.GetProperty("secret").GetString());
        Assert.True(created.TryGetProperty("createdAt", out _));

        var listed = await admin.GetAsync("/v1/webhooks").ExpectAsync(HttpStatusCode.OK);
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray(), w => w.GetProperty("webhookId").GetString() == id);
        Assert.False(item.TryGetProperty("secret", out _));
        Assert.Equal("https://hooks.example.com/ipguard", item.GetProperty("url").GetString());
        Assert.DoesNotContain(created.GetProperty("secret").GetString()!, listed.GetRawText(), StringComparison.Ordinal);

        await admin.DeleteAsync($"/v1/webhooks/{id}").ExpectAsync(HttpStatusCode.NoContent);
        await admin.DeleteAsync($"/v1/webhooks/{id}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await admin.GetAsync($"/v1/webhooks/{id}/deliveries").ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await admin.GetAsync("/v1/webhooks").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray(), w => w.GetProperty("webhookId").GetString() == id);
    }

    [Theory(DisplayName = "Webhooks: a brand key's webhook never targets a loopback or private address (400), and receives its listings only")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://172.20.0.1/hook")]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    public async Task BrandWebhookRefusesPrivateAddresses(string url)
    {
        using var admin = fixture.Api.Client("dev-admin");
        var brandId = Ids.New("brand");
        await admin.PutAsync($"/v1/brands/{brandId}", Json(Bodies.Brand("Quillon"))).ExpectAsync(HttpStatusCode.OK);
        var key = (await admin.PostAsync($"/v1/brands/{brandId}/api-keys", null).ExpectAsync(HttpStatusCode.Created)).GetProperty("apiKey").GetString();
        using var brand = fixture.Api.Client(key);

        var problem = await brand.PostAsync("/v1/webhooks", Json(new { url, types = new[] { "listing.status_changed" } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
        await brand.PostAsync("/v1/webhooks", Json(new { url = "https://brand.example.com/hook", types = new[] { "seller.decision_changed" } })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        var created = await brand.PostAsync("/v1/webhooks", Json(new { url = "https://brand.example.com/hook", types = new[] { "listing.status_changed" } })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(brandId, created.GetProperty("brandId").GetString());
        var listed = (await brand.GetAsync("/v1/webhooks").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        Assert.All(listed, w => Assert.Equal(brandId, w.GetProperty("brandId").GetString()));
        Assert.Single(listed);
    }

    [Theory(DisplayName = "Webhooks: bad registrations answer 400 problem+json and register nothing")]
    [InlineData("""{"url":"ftp://hooks.example.com/x","types":["case.opened"]}""")]
    [InlineData("""{"url":"/relative","types":["case.opened"]}""")]
    [InlineData("""{"url":"https://user:pw@hooks.example.com/x","types":["case.opened"]}""")]
    [InlineData("""{"url":"https://elsewhere.test/x","types":["case.opened"]}""")]
    [InlineData("""{"url":"https://hooks.example.com/x","types":[]}""")]
    [InlineData("""{"url":"https://hooks.example.com/x","types":["listing.created"]}""")]
    [InlineData("""{"url":"https://hooks.example.com/x"}""")]
    [InlineData("""{"types":["case.opened"]}""")]
    [InlineData("""{"url":"https://hooks.example.com/x","types":["case.opened"],"description":""}""")]
    [InlineData("""{"url":"https://hooks.example.com/x","types":"case.opened"}""")]
    [InlineData("""{"url":""")]
    public async Task BadRegistrations(string body)
    {
        using var admin = fixture.Api.Client("dev-admin");
        var before = (await admin.GetAsync("/v1/webhooks").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength();
        await admin.PostAsync("/v1/webhooks", Raw(body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, (await admin.GetAsync("/v1/webhooks").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact(DisplayName = "Webhooks: other roles are refused (403), deliveries of an unknown webhook 404, a bad limit 400")]
    public async Task AccessAndLimits()
    {
        using var admin = fixture.Api.Client("dev-admin");
        using var events = fixture.Api.Client("dev-events");
        using var moderator = fixture.Api.Client("dev-moderator");
        await events.GetAsync("/v1/webhooks").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await moderator.PostAsync("/v1/webhooks", Json(new { url = "https://hooks.example.com/x", types = new[] { "case.opened" } })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await admin.GetAsync("/v1/webhooks/wh_nope/deliveries").ExpectProblemAsync(HttpStatusCode.NotFound);
        var (id, _) = await EventSteps.RegisterAsync(admin, "https://hooks.example.com/limits", "case.opened");
        await admin.GetAsync($"/v1/webhooks/{id}/deliveries?limit=0").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await admin.GetAsync($"/v1/webhooks/{id}/deliveries?limit=201").ExpectProblemAsync(HttpStatusCode.BadRequest);
        await admin.DeleteAsync($"/v1/webhooks/{id}").ExpectAsync(HttpStatusCode.NoContent);
    }
}
