using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using IpGuard.LoadGen.Http;
using IpGuard.LoadGen.Measurement;
using IpGuard.LoadGen.Simulation;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>
/// Runs a simulated marketplace against the API: registers its brands (and mints Transparency
/// codes), sends its event stream day by day, then reads every seller's decision and every
/// listing's status back and scores them against the ground truth. The key needs the admin
/// role (brands, notices), ingest, and checkout or moderator (read-back): dev-admin has them.
/// </summary>
internal sealed class MarketScenario : IScenario
{
    public async Task<ScenarioResult> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var config = context.Config;
        var market = Marketplace.Generate(new MarketSpec(config.Seed, config.Sellers, config.Listings, config.Brands, config.Days, config.RunId, config.Mix));
        context.Progress.Phase($"market: {market.Sellers.Count} sellers, {market.Listings.Count} listings, {market.Brands.Count} brands, "
            + $"{market.Steps.Sum(s => s.Events.Count)} events over {market.Days} days (seed {config.Seed}, mix {config.Mix.Name()})");
        using var http = ApiHttp.Create(config.Target, config.ApiKey, config.Concurrency);
        var codes = await SetUpBrandsAsync(context, http, market, cancellationToken);
        (string Active, string Candidate)? policies = config.ShadowPolicy is { } file ? await ShadowCandidateAsync(context, http, file, cancellationToken) : null;

        var all = context.Meter("market");
        var meters = new Dictionary<string, KindMeter>(StringComparer.Ordinal);
        foreach (var kind in new[] { "seller", "verification", "listing", "report", "notice", "scan" })
        {
            meters[kind] = context.Meter(kind, all);
        }

        var tracker = new EnforcementTracker();
        var sender = new MarketSender(http, codes, tracker);
        var moderator = config.Moderate ? new SimModerator(http, market) : null;
        var elapsed = await context.MeasureAsync(async token =>
        {
            for (var s = 0; s < market.Steps.Count; s++)
            {
                var step = market.Steps[s];
                context.Progress.Phase($"day {step.Day} {step.Phase}: {step.Events.Count} events");
                tracker.BeginStep(step);
                var shape = new LoadShape(config.Rate, config.Concurrency, null, step.Events.Count);
                await context.Runner.RunAsync(shape, (i, ct) => sender.SendAsync(step.Events[(int)i], ct), i => meters[step.Events[(int)i].Kind], token);
                tracker.EndStep();
                if (moderator is not null && (s == market.Steps.Count - 1 || market.Steps[s + 1].Day != step.Day))
                {
                    var resolved = await moderator.ResolveOpenAsync(config.Concurrency, token);
                    context.Progress.Phase($"day {step.Day}: the moderator resolved {resolved} case(s) "
                        + $"({moderator.Confirmed} confirmed, {moderator.Dismissed} dismissed so far)");
                }
            }
        }, cancellationToken);

        context.Progress.Phase("reading decisions back");
        var (sellers, listings, shadowSellers, shadowListings) = await ReadBackAsync(context, http, market, policies?.Candidate, cancellationToken);
        var detection = DetectionReport.Compute(market, sellers, listings, tracker.EventsUntilEnforced(sellers), tracker.StrictestDecisions);
        PolicyBacktest? backtest = null;
        if (policies is var (active, candidate))
        {
            // Events until enforcement and the strictest decision along the way come from answers,
            // which only the active version gives: the candidate is judged on where it ends.
            backtest = new PolicyBacktest(active, candidate, DetectionReport.Compute(market, shadowSellers, shadowListings, new Dictionary<string, int>()));
            await ApiHttp.SendAsync(http, HttpMethod.Delete, "/v1/policies/shadow", null, cancellationToken);
            context.Note($"candidate {candidate} ran in shadow beside {active} and was stopped; its report: GET /v1/policies/{candidate}/report");
        }

        return context.Result(all, elapsed, detection, backtest);
    }

    /// <summary>
    /// PUTs the candidate document (a version already stored and used is taken as it is) and runs
    /// it in shadow; answers the active and candidate versions once every silo has had time to
    /// load it (the silos poll the registry once a second).
    /// </summary>
    private static async Task<(string Active, string Candidate)> ShadowCandidateAsync(RunContext context, HttpClient http, string file, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
        string version;
        using (var document = JsonDocument.Parse(bytes))
        {
            version = document.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw new InvalidOperationException($"{file}: the policy document has no version");
        }

        context.Progress.Phase($"policy {version}: PUT and shadow");
        var (status, answer) = await ApiHttp.SendAsync(http, HttpMethod.Put, $"/v1/policies/{Uri.EscapeDataString(version)}",
            ApiHttp.Body(bytes, ApiHttp.Json), cancellationToken);
        if (status == HttpStatusCode.Conflict)
        {
            context.Note($"policy {version} was already active or in shadow once: its stored document is used, not {file}");
        }
        else if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"PUT /v1/policies/{version} answered {(int)status}: {System.Text.Encoding.UTF8.GetString(answer)}");
        }

        var list = await ApiHttp.ExpectOkAsync(http, HttpMethod.Post, $"/v1/policies/{Uri.EscapeDataString(version)}/shadow", null, cancellationToken);
        var active = list.GetProperty("active").GetString()!;

        // REVIEW: each silo loads a new shadow within its 1 s poll; 2 s covers it without asking every silo.
        await Task.Delay(TimeSpan.FromSeconds(2), context.Time, cancellationToken);
        return (active, version);
    }

    private static async Task<Dictionary<string, IReadOnlyList<string>>> SetUpBrandsAsync(RunContext context, HttpClient http, Marketplace market, CancellationToken cancellationToken)
    {
        context.Progress.Phase($"registering {market.Brands.Count} brands");
        await Task.WhenAll(market.Brands.Select(b => ApiHttp.ExpectOkAsync(http, HttpMethod.Put, $"/v1/brands/{b.BrandId}", ApiHttp.Body(new
        {
            name = b.Name,
            trademarks = new[] { b.Name },
            protectedTerms = new[] { b.ProtectedTerm },
            authorizedSellers = b.AuthorizedSellers,
            referencePrice = b.RegisteredReferencePrice is { } reference ? new { amount = reference, currency = "USD" } : null,
            restricted = b.Restricted,
            officialImageHashes = b.RegistersPhotos ? b.OfficialImageHashes : null,
        }), cancellationToken)));

        var codes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (brandId, count) in market.CodesNeeded)
        {
            var minted = new List<string>(count);
            while (minted.Count < count)
            {
                var answer = await ApiHttp.ExpectOkAsync(http, HttpMethod.Post, $"/v1/brands/{brandId}/codes",
                    ApiHttp.Body(new { count = Math.Min(10_000, count - minted.Count) }), cancellationToken);
                minted.AddRange(answer.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!));
            }

            codes[brandId] = minted;
        }

        return codes;
    }

    private static async Task<(Dictionary<string, SellerReadback> Sellers, Dictionary<string, ListingReadback> Listings,
        Dictionary<string, SellerReadback> ShadowSellers, Dictionary<string, ListingReadback> ShadowListings)> ReadBackAsync(
        RunContext context, HttpClient http, Marketplace market, string? candidate, CancellationToken cancellationToken)
    {
        var meter = context.Meter("readback");
        var sellers = new ConcurrentDictionary<string, SellerReadback>(StringComparer.Ordinal);
        var listings = new ConcurrentDictionary<string, ListingReadback>(StringComparer.Ordinal);
        var shadowSellers = new ConcurrentDictionary<string, SellerReadback>(StringComparer.Ordinal);
        var shadowListings = new ConcurrentDictionary<string, ListingReadback>(StringComparer.Ordinal);

        // The candidate's view of a subject, when it scored it (else the active one: nothing happened to it since).
        JsonElement? Shadow(JsonElement root) =>
            candidate is not null && root.TryGetProperty("shadow", out var s) && s.ValueKind == JsonValueKind.Object
            && s.GetProperty("policyVersion").GetString() == candidate ? s : null;

        async Task ReadSellersAsync(IReadOnlyList<string> ids)
        {
            await context.Runner.RunAsync(new LoadShape(null, context.Config.Concurrency, null, ids.Count), async (i, ct) =>
            {
                var (status, body) = await ApiHttp.SendAsync(http, HttpMethod.Get, $"/v1/sellers/{ids[(int)i]}/risk", null, ct);
                if (status != HttpStatusCode.OK)
                {
                    return Outcome.Failure((int)status);
                }

                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                var factors = root.GetProperty("factors").EnumerateArray().ToList();
                var readback = new SellerReadback(root.GetProperty("decision").GetString()!, root.GetProperty("score").GetInt32(),
                    [.. factors.Select(f => f.GetProperty("code").GetString()!)], [.. factors.Select(f => f.GetProperty("points").GetDouble())]);
                sellers[ids[(int)i]] = readback;
                shadowSellers[ids[(int)i]] = Shadow(root) is { } s
                    ? readback with { Decision = s.GetProperty("decision").GetString()!, Score = s.GetProperty("score").GetInt32() }
                    : readback;
                return Outcome.Success();
            }, meter, cancellationToken);
        }

        await ReadSellersAsync([.. market.Sellers.Select(s => s.SellerId)]);
        var listingIds = market.Listings.Select(l => l.ListingId).ToList();
        await context.Runner.RunAsync(new LoadShape(null, context.Config.Concurrency, null, listingIds.Count), async (i, ct) =>
        {
            var (status, body) = await ApiHttp.SendAsync(http, HttpMethod.Get, $"/v1/listings/{listingIds[(int)i]}/risk", null, ct);
            if (status != HttpStatusCode.OK)
            {
                return Outcome.Failure((int)status);
            }

            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var removedBy = root.TryGetProperty("removal", out var removal) && removal.ValueKind == JsonValueKind.Object ? removal.GetProperty("by").GetString() : null;
            listings[listingIds[(int)i]] = new ListingReadback(root.GetProperty("status").GetString()!, removedBy);
            if (Shadow(root) is { } s)
            {
                // A removal the candidate makes on its own is proactive; one it carries over keeps its author.
                var shadowStatus = s.GetProperty("status").GetString()!;
                shadowListings[listingIds[(int)i]] = new ListingReadback(shadowStatus, shadowStatus == "removed" ? removedBy ?? "proactive" : null);
            }
            else
            {
                shadowListings[listingIds[(int)i]] = listings[listingIds[(int)i]];
            }

            return Outcome.Success();
        }, meter, cancellationToken);

        // A suspension reaches linked accounts from a timer turn of the suspended seller's grain:
        // re-read the re-registered accounts until that has happened, for at most five seconds.
        var deadline = context.Time.GetTimestamp() + (5 * context.Time.TimestampFrequency);
        while (context.Time.GetTimestamp() < deadline)
        {
            var pending = market.Sellers
                .Where(s => s.ReregistrationOf is { } original && sellers.TryGetValue(original, out var o) && o.Decision == "suspend"
                    && (!sellers.TryGetValue(s.SellerId, out var r) || !r.Factors.Contains("linked_to_enforced")))
                .Select(s => s.SellerId)
                .ToList();
            if (pending.Count == 0)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), context.Time, cancellationToken);
            await ReadSellersAsync(pending);
        }

        return (new(sellers, StringComparer.Ordinal), new(listings, StringComparer.Ordinal),
            new(shadowSellers, StringComparer.Ordinal), new(shadowListings, StringComparer.Ordinal));
    }

    /// <summary>Turns each simulated event into its API request.</summary>
    private sealed class MarketSender(HttpClient http, IReadOnlyDictionary<string, IReadOnlyList<string>> codes, EnforcementTracker tracker)
    {
        private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

        public async ValueTask<Outcome> SendAsync(SimEvent e, CancellationToken cancellationToken)
        {
            var (method, path, body) = Request(e);
            var (status, answer) = await ApiHttp.SendAsync(http, method, path, ApiHttp.Body(body), cancellationToken);
            if (status != HttpStatusCode.OK)
            {
                return Outcome.Failure((int)status);
            }

            if (Decision(answer) is { } decision)
            {
                tracker.Observe(e is Report r ? r.SellerId : e.SellerIds[0], decision);
            }

            return Outcome.Success();
        }

        private (HttpMethod Method, string Path, object Body) Request(SimEvent e) => e switch
        {
            RegisterSeller r => (HttpMethod.Post, "/v1/sellers", new
            {
                eventId = r.EventId,
                sellerId = r.Seller.SellerId,
                registeredAt = (_now - TimeSpan.FromDays(r.Seller.AccountAgeDays)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                country = r.Seller.Country,
                fingerprints = r.Seller.Fingerprints,
            }),
            Verify v => (HttpMethod.Post, "/v1/verifications", new { eventId = v.EventId, sellerId = v.SellerId, check = v.Check, outcome = v.Outcome }),
            PostListing l => (HttpMethod.Post, "/v1/listings", new
            {
                eventId = l.EventId,
                listingId = l.Listing.ListingId,
                sellerId = l.Listing.SellerId,
                brandId = l.Listing.BrandId,
                title = l.Listing.Title,
                description = l.Listing.Description,
                price = new { amount = l.Listing.Price, currency = "USD" },
                quantity = 1,
                imageHashes = l.Listing.ImageHashes,
                withdrawn = l.Listing.Withdrawn ? true : (bool?)null,
                occurredAt = l.Listing.DaysBeforeStart > 0
                    ? (_now - TimeSpan.FromDays(l.Listing.DaysBeforeStart)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                    : null,
            }),
            Report r => (HttpMethod.Post, "/v1/reports", new
            {
                eventId = r.EventId,
                reporterId = r.ReporterId,
                reporterKind = r.ReporterKind,
                listingId = r.ListingId,
                sellerId = r.ListingId is null ? r.SellerId : null,
                reason = r.Reason,
            }),
            Notice n => (HttpMethod.Post, $"/v1/brands/{n.BrandId}/notices", new { eventId = n.EventId, listingIds = n.ListingIds, reason = n.Reason }),
            Scan s => (HttpMethod.Post, "/v1/transparency/scans", new
            {
                eventId = s.EventId,
                code = s.CodeIndex is { } k ? codes[s.BrandId][k] : s.FakeCode,
                brandId = s.BrandId,
                listingId = s.ListingId,
                sellerId = s.SellerId,
            }),
            _ => throw new InvalidOperationException($"no request for {e.GetType().Name}"),
        };

        /// <summary>The seller decision an answer shows: its own (seller views) or its seller's (listing and report answers).</summary>
        private static string? Decision(byte[] answer)
        {
            using var json = JsonDocument.Parse(answer);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("decision", out var own) && own.ValueKind == JsonValueKind.String)
            {
                return own.GetString();
            }

            return root.TryGetProperty("seller", out var seller) && seller.ValueKind == JsonValueKind.Object && seller.TryGetProperty("decision", out var theirs)
                ? theirs.GetString()
                : null;
        }
    }
}
