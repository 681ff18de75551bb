using IpGuard.Grains;
using System.Net;
using System.Text;
using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.Api.PolicyLab;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Sellers;

/// <summary>Appeals, overrides, linked accounts and the dossier for legal action.</summary>
internal static class ModerationApi
{
    /// <summary>Listings a dossier includes at the most.</summary>
    public const int DossierListingLimit = 1000;

    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder routes)
    {
        var sellers = routes.MapGroup("/v1/sellers/{sellerId}").WithTags("Moderation");

        sellers.MapPost("/appeals", Appeal).RequireAuthorization(Policies.Ingest)
            .WithName("Appeal").WithSummary("The seller appeals its restriction, suspension or a removed listing (listingId); 409 when nothing is enforced")
            .AcceptsBody<AppealRequest>("application/json").Produces<CaseView>(StatusCodes.Status201Created)
            .Answers(404, "The seller was never seen, or listingId is not one of its listings.")
            .Answers(409, "Nothing is enforced to appeal, or the eventId was used with another body.");
        sellers.MapPut("/override", SetOverride).RequireAuthorization(Policies.Moderator)
            .WithName("SetOverride").WithSummary("A moderator's decision that wins until it expires")
            .AcceptsBody<OverrideRequest>("application/json").Produces<SellerRiskView>().Answers(404, "The seller was never seen.");
        sellers.MapDelete("/override", ClearOverride).RequireAuthorization(Policies.Moderator)
            .WithName("ClearOverride").WithSummary("Remove the override; the computed decision returns")
            .Produces<SellerRiskView>().Answers(404, "The seller was never seen.");
        sellers.MapGet("/linked", Linked).RequireAuthorization(Policies.Moderator)
            .WithName("LinkedSellers").WithSummary("Sellers sharing a fingerprint, with the shared kinds")
            .Produces<SellerLinks>().Answers(404, "The seller was never seen.");
        sellers.MapGet("/dossier", Dossier).RequireAuthorization(Policies.Moderator)
            .WithName("Dossier").WithSummary("The evidence bundle for legal action; ?format=html for a printable page")
            .Produces<SellerDossier>().Answers(404, "The seller was never seen.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                QueryDocs.Describe(operation, ("format", QueryDocs.Text("`html` (any case) for a printable page; otherwise JSON.")));
                return QueryDocs.AlsoAnswers(operation, "200", "text/html", "A printable HTML page (format=html).");
            });
        return routes;
    }

    private static async Task<IResult> Appeal(string sellerId, HttpRequest request, GrainRefs refs)
    {
        var body = await Body.ReadJsonAsync<AppealRequest>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var v = new Validation();
        v.Id("sellerId", sellerId);
        v.Id("eventId", body.Value!.EventId);
        v.Text("statement", body.Value.Statement, 1, 4000);
        v.Id("listingId", body.Value.ListingId, required: false);
        if (!v.IsValid)
        {
            return v.Problem();
        }

        var ack = await refs.Seller(sellerId).Appeal(new AppealCommand(body.Value.EventId!, body.Value.Statement!, body.Value.ListingId));
        return ack.Status switch
        {
            AckStatus.Applied or AckStatus.Duplicate => TypedResults.Created($"/v1/cases/{ack.Value!.CaseId}", ack.Value),
            _ => Acks.ToResult(ack),
        };
    }

    private static async Task<IResult> SetOverride(string sellerId, HttpContext context, GrainRefs refs, IGrainFactory grains, TimeProvider time)
    {
        var body = await Body.ReadJsonAsync<OverrideRequest>(context.Request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var v = new Validation();
        v.Id("sellerId", sellerId);
        var decision = v.Enum<Decision>("decision", body.Value!.Decision);
        v.Text("reason", body.Value.Reason, 1, 1000);
        if (body.Value.ExpiresAt is not { } expiresAt)
        {
            v.Add("expiresAt", "is required");
        }
        else if (expiresAt <= time.GetUtcNow())
        {
            v.Add("expiresAt", "must be in the future");
        }

        if (!v.IsValid)
        {
            return v.Problem();
        }

        var view = await refs.Seller(sellerId).SetOverride(decision!.Value, body.Value.Reason!, body.Value.ExpiresAt!.Value, Actors.Of(context));
        if (view is not null)
        {
            await AuditLog.RecordAsync(grains, context, "override_set", sellerId,
                $"{body.Value.Decision} until {body.Value.ExpiresAt.Value.UtcDateTime:O}: {body.Value.Reason}");
        }

        return view is null ? Problems.NotFound($"seller '{sellerId}' was never seen") : TypedResults.Ok(view);
    }

    private static async Task<IResult> ClearOverride(string sellerId, HttpContext context, GrainRefs refs, IGrainFactory grains)
    {
        if (!Validation.IsId(sellerId))
        {
            return Problems.NotFound($"seller '{sellerId}' was never seen");
        }

        var view = await refs.Seller(sellerId).ClearOverride(Actors.Of(context));
        if (view is not null)
        {
            await AuditLog.RecordAsync(grains, context, "override_cleared", sellerId);
        }

        return view is null ? Problems.NotFound($"seller '{sellerId}' was never seen") : TypedResults.Ok(view);
    }

    private static async Task<IResult> Linked(string sellerId, IGrainFactory grains, GrainRefs refs)
    {
        var facts = Validation.IsId(sellerId) ? await refs.Seller(sellerId).GetDossierFacts() : null;
        if (facts is null)
        {
            return Problems.NotFound($"seller '{sellerId}' was never seen");
        }

        return TypedResults.Ok(new SellerLinks(sellerId, await LinkedAsync(sellerId, facts.Fingerprints, grains)));
    }

    private static async Task<IResult> Dossier(string sellerId, string? format, IGrainFactory grains, GrainRefs refs)
    {
        var facts = Validation.IsId(sellerId) ? await refs.Seller(sellerId).GetDossierFacts() : null;
        if (facts is null)
        {
            return Problems.NotFound($"seller '{sellerId}' was never seen");
        }

        var listings = (await Task.WhenAll(facts.ListingIds.Take(DossierListingLimit).Select(l => refs.Listing(l).GetDossier())))
            .OfType<ListingDossier>().ToList();
        var dossier = new SellerDossier(
            sellerId,
            DateTimeOffset.UtcNow,
            facts.Seller,
            new Profile(facts.Seller.RegisteredAt, facts.Seller.Country, facts.Fingerprints),
            facts.VerificationHistory,
            listings.Select(l => l.Listing).ToList(),
            facts.Reports.Concat(listings.SelectMany(l => l.Reports)).DistinctBy(r => (r.ReporterId, r.ListingId)).ToList(),
            listings.SelectMany(l => l.Notices.Select(n => new DossierNotice(l.Listing.ListingId, n))).ToList(),
            listings.SelectMany(l => l.Scans.Select(s => new DossierScan(l.Listing.ListingId, s)))
                .Concat(facts.ScanFailures.Select(s => new DossierScan(null, s))).ToList(),
            facts.ConfirmedInfringements,
            await LinkedAsync(sellerId, facts.Fingerprints, grains),
            facts.Timeline,
            facts.ListingIds.Count > DossierListingLimit);

        return string.Equals(format, "html", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.Content(DossierHtml.Render(dossier), "text/html; charset=utf-8")
            : TypedResults.Ok(dossier);
    }

    private static async Task<List<LinkedSeller>> LinkedAsync(string sellerId, Fingerprints? fingerprints, IGrainFactory grains)
    {
        var keys = new List<(string Kind, string Key)>();
        if (fingerprints is { } f)
        {
            if (f.BankAccountHash is { } bank) keys.Add(("bank_account", FingerprintKeys.Bank(bank)));
            if (f.DeviceId is { } device) keys.Add(("device", FingerprintKeys.Device(device)));
            if (f.AddressHash is { } address) keys.Add(("address", FingerprintKeys.Address(address)));
            if (f.TaxIdHash is { } tax) keys.Add(("tax_id", FingerprintKeys.Tax(tax)));
        }

        var members = await Task.WhenAll(keys.Select(async k => (k.Kind, Members: await grains.GetGrain<IFingerprintGrain>(k.Key).Members())));
        return members
            .SelectMany(m => m.Members.Where(x => x.SellerId != sellerId).Select(x => (m.Kind, x.SellerId, x.Enforced)))
            .GroupBy(x => x.SellerId)
            .Select(g => new LinkedSeller(g.Key, g.Select(x => x.Kind).Distinct().ToList(), g.Any(x => x.Enforced)))
            .OrderBy(l => l.SellerId, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>POST /v1/sellers/{sellerId}/appeals.</summary>
[RequestSchema]
public sealed record AppealRequest(string? EventId, string? Statement, string? ListingId = null);

/// <summary>PUT /v1/sellers/{sellerId}/override.</summary>
[RequestSchema]
public sealed record OverrideRequest(string? Decision, string? Reason, DateTimeOffset? ExpiresAt);

/// <summary>The answer of GET /v1/sellers/{sellerId}/linked: the sellers sharing a fingerprint with this one.</summary>
public sealed record SellerLinks(string SellerId, IReadOnlyList<LinkedSeller> Linked);

/// <summary>Everything a legal team needs about a seller, in one document.</summary>
public sealed record SellerDossier(
    string SellerId,
    DateTimeOffset GeneratedAt,
    SellerRiskView Seller,
    Profile Profile,
    IReadOnlyList<VerificationEvent> VerificationHistory,
    IReadOnlyList<ListingRiskView> Listings,
    IReadOnlyList<ReportView> Reports,
    IReadOnlyList<DossierNotice> Notices,
    IReadOnlyList<DossierScan> Scans,
    IReadOnlyList<ConfirmedInfringementView> ConfirmedInfringements,
    IReadOnlyList<LinkedSeller> LinkedSellers,
    IReadOnlyList<TimelineEntry> Timeline,
    bool ListingsTruncated);

/// <summary>The seller's profile.</summary>
public sealed record Profile(DateTimeOffset? RegisteredAt, string? Country, Fingerprints? Fingerprints);

/// <summary>A notice against one of the seller's listings.</summary>
public sealed record DossierNotice(string ListingId, NoticeView Notice);

/// <summary>A failed scan of one of the seller's listings.</summary>
public sealed record DossierScan(string? ListingId, ScanView Scan);

/// <summary>A printable rendering of the dossier; every value is HTML-encoded.</summary>
internal static class DossierHtml
{
    public static string Render(SellerDossier d)
    {
        var html = new StringBuilder();
        string E(object? value) => WebUtility.HtmlEncode(value?.ToString() ?? "");
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dossier ").Append(E(d.SellerId))
            .Append("</title><style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}")
            .Append("th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f3f3}h1{margin-bottom:0}.muted{color:#666}</style></head><body>");
        html.Append("<h1>Seller dossier: ").Append(E(d.SellerId)).Append("</h1><p class=\"muted\">Generated ").Append(E(d.GeneratedAt.ToString("u")))
            .Append(" · policy ").Append(E(d.Seller.PolicyVersion)).Append("</p>");
        html.Append("<h2>Risk</h2><p>Score <b>").Append(d.Seller.Score).Append("</b> (").Append(E(d.Seller.Band)).Append("), decision <b>")
            .Append(E(d.Seller.Decision)).Append("</b> since ").Append(E(d.Seller.DecisionSince.ToString("u"))).Append("</p>");
        Table(html, ["Factor", "Points", "Detail"], d.Seller.Factors.Select(f => new[] { f.Code, f.Points.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Detail }));
        html.Append("<h2>Profile</h2><p>Registered ").Append(E(d.Profile.RegisteredAt?.ToString("u"))).Append(" · country ").Append(E(d.Profile.Country)).Append("</p>");
        html.Append("<h2>Verification history</h2>");
        Table(html, ["At", "Check", "Outcome"], d.VerificationHistory.Select(v => new[] { v.At.ToString("u"), v.Check.ToString(), v.Outcome.ToString() }));
        html.Append("<h2>Listings</h2>");
        Table(html, ["Listing", "Brand", "Title", "Status", "Score", "Removal"], d.Listings.Select(l => new[]
        {
            l.ListingId, l.BrandId ?? "", l.Title, l.Status.ToString(), l.Score.ToString(System.Globalization.CultureInfo.InvariantCulture),
            l.Removal is { } r ? $"{r.By} at {r.At:u}: {r.Reason}" : "",
        }));
        html.Append("<h2>Reports</h2>");
        Table(html, ["At", "Reporter", "Kind", "Reason", "Listing", "Details"], d.Reports.Select(r => new[] { r.At.ToString("u"), r.ReporterId, r.ReporterKind.ToString(), r.Reason.ToString(), r.ListingId ?? "", r.Details ?? "" }));
        html.Append("<h2>Brand notices</h2>");
        Table(html, ["At", "Listing", "Brand", "Notice", "Takedown", "Reason"], d.Notices.Select(n => new[] { n.Notice.At.ToString("u"), n.ListingId, n.Notice.BrandId, n.Notice.NoticeId, n.Notice.Takedown ? "yes" : "no", n.Notice.Reason }));
        html.Append("<h2>Transparency scans</h2>");
        Table(html, ["At", "Listing", "Result", "Code"], d.Scans.Select(s => new[] { s.Scan.At.ToString("u"), s.ListingId ?? "(seller)", s.Scan.Result.ToString(), s.Scan.Code }));
        html.Append("<h2>Linked sellers</h2>");
        Table(html, ["Seller", "Shared", "Suspended"], d.LinkedSellers.Select(l => new[] { l.SellerId, string.Join(", ", l.SharedKinds), l.Suspended ? "yes" : "no" }));
        html.Append("<h2>Audit timeline</h2>");
        Table(html, ["At", "Kind", "From", "To", "Score", "Reason", "Actor", "Policy"], d.Timeline.Select(t => new[]
        {
            t.At.ToString("u"), t.Kind, t.From?.ToString() ?? "", t.To?.ToString() ?? "", t.Score.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Reason, t.Actor, t.PolicyVersion,
        }));
        html.Append("</body></html>");
        return html.ToString();

        void Table(StringBuilder sb, string[] headers, IEnumerable<string[]> rows)
        {
            sb.Append("<table><tr>");
            foreach (var h in headers)
            {
                sb.Append("<th>").Append(E(h)).Append("</th>");
            }

            sb.Append("</tr>");
            var any = false;
            foreach (var row in rows)
            {
                any = true;
                sb.Append("<tr>");
                foreach (var cell in row)
                {
                    sb.Append("<td>").Append(E(cell)).Append("</td>");
                }

                sb.Append("</tr>");
            }

            if (!any)
            {
                sb.Append("<tr><td colspan=\"").Append(headers.Length).Append("\" class=\"muted\">none</td></tr>");
            }

            sb.Append("</table>");
        }
    }
}
