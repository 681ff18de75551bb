using System.Globalization;
using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.GrainInterfaces;
using IpGuard.Grains;

namespace IpGuard.Api.PolicyLab;

/// <summary>The risk policy's versions: write, activate, run in shadow, compare; and the audit log.</summary>
internal static class PoliciesApi
{
    public const int DefaultAuditLimit = 100;
    public const int MaxAuditLimit = 1000;

    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder routes)
    {
        var policies = routes.MapGroup("/v1/policies").WithTags("Policies");

        policies.MapGet("", List).RequireAuthorization(Policies.Moderator)
            .WithName("ListPolicies").WithSummary("Every policy version with its status, the active one and the shadow one")
            .Produces<PolicyList>();
        policies.MapGet("/{version}", Get).RequireAuthorization(Policies.Moderator)
            .WithName("GetPolicy").WithSummary("A policy version's document")
            .Produces<PolicyDocumentView>().Answers(404, "The version does not exist.");
        policies.MapPut("/{version}", Put).RequireAuthorization(Policies.Admin)
            .WithName("PutPolicy").WithSummary("Write a draft policy version; one ever active or in shadow is immutable")
            .AcceptsBody<PolicyDocumentView>("application/json").Produces<PolicyDocumentView>()
            .Answers(409, "The version was active or in shadow once and can no longer change.");
        policies.MapPost("/{version}/activate", Activate).RequireAuthorization(Policies.Admin)
            .WithName("ActivatePolicy").WithSummary("Score with this version on every silo within 5 s; activating the previous one is a rollback")
            .Produces<PolicyList>().Answers(404, "The version does not exist.");
        policies.MapPost("/{version}/shadow", Shadow).RequireAuthorization(Policies.Admin)
            .WithName("ShadowPolicy").WithSummary("Score every event with this version too, without effect, and report the differences")
            .Produces<PolicyList>().Answers(404, "The version does not exist.").Answers(409, "The version is the active one.");
        policies.MapDelete("/shadow", StopShadow).RequireAuthorization(Policies.Admin)
            .WithName("StopShadowPolicy").WithSummary("Stop the shadow version")
            .Produces<PolicyList>();
        policies.MapGet("/{version}/report", Report).RequireAuthorization(Policies.Moderator)
            .WithName("GetPolicyReport").WithSummary("How the version decided differently from the active one while in shadow")
            .Produces<ShadowReport>().Answers(404, "The version does not exist or never ran in shadow.");

        routes.MapGet("/v1/audit", Audit).RequireAuthorization(Policies.Admin).WithTags("Policies")
            .WithName("ListAudit").WithSummary("The global audit log of administrative acts, oldest first, paged by cursor")
            .Produces<AuditList>().Answers(400, "after is not a cursor, or limit is outside 1–1000.")
            .AddOpenApiOperationTransformer((operation, _, _) => QueryDocs.Describe(operation,
                ("after", QueryDocs.Text("The next cursor of the previous page; from the start when absent.")),
                ("limit", QueryDocs.Integer(1, MaxAuditLimit, DefaultAuditLimit))));
        return routes;
    }

    private static IPolicyRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IPolicyRegistryGrain>(IPolicyRegistryGrain.Key);

    private static async Task<IResult> List(IGrainFactory grains) => TypedResults.Ok(await Registry(grains).List());

    private static async Task<IResult> Get(string version, IGrainFactory grains)
    {
        var record = Validation.IsId(version) ? await Registry(grains).Get(version) : null;
        return record is null ? NotFound(version) : TypedResults.Text(record.Document, "application/json");
    }

    private static async Task<IResult> Put(string version, HttpContext context, IGrainFactory grains)
    {
        if (MediaTypes.Classify(context.Request.ContentType, allowNdjson: false) is null)
        {
            return Problems.UnsupportedMediaType("Send the body as application/json (or application/*+json) in UTF-8.");
        }

        var body = await Body.ReadUtf8Async(context.Request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var parsed = PolicyDocument.Parse(body.Utf8.Span, version);
        if (parsed.Policy is null)
        {
            return Problems.Validation(parsed.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
                "The policy document has invalid fields; see errors. Nothing was stored.");
        }

        var document = PolicyDocument.Serialize(parsed.Policy, parsed.Note);
        var change = await Registry(grains).Put(version, document, parsed.Note);
        if (change.Outcome == PolicyChangeOutcome.Immutable)
        {
            return Problems.Conflict(change.Detail!);
        }

        if (change.Outcome != PolicyChangeOutcome.Unchanged)
        {
            await AuditLog.RecordAsync(grains, context, "policy_written", version,
                change.Outcome == PolicyChangeOutcome.Created ? "created" : "replaced (draft)");
        }

        return TypedResults.Text(document, "application/json");
    }

    private static async Task<IResult> Activate(string version, HttpContext context, IGrainFactory grains)
    {
        if (!Validation.IsId(version))
        {
            return NotFound(version);
        }

        var before = (await Registry(grains).List()).Active;
        var change = await Registry(grains).Activate(version);
        if (change.Outcome == PolicyChangeOutcome.NotFound)
        {
            return Problems.NotFound(change.Detail!);
        }

        if (change.Outcome != PolicyChangeOutcome.Unchanged)
        {
            await AuditLog.RecordAsync(grains, context, "policy_activated", version, $"was {before}");
        }

        return TypedResults.Ok(change.List);
    }

    private static async Task<IResult> Shadow(string version, HttpContext context, IGrainFactory grains)
    {
        if (!Validation.IsId(version))
        {
            return NotFound(version);
        }

        var change = await Registry(grains).Shadow(version);
        switch (change.Outcome)
        {
            case PolicyChangeOutcome.NotFound:
                return Problems.NotFound(change.Detail!);
            case PolicyChangeOutcome.Conflict:
                return Problems.Conflict(change.Detail!);
            case PolicyChangeOutcome.Updated:
                await AuditLog.RecordAsync(grains, context, "policy_shadow_started", version, $"beside {change.List.Active}");
                break;
        }

        return TypedResults.Ok(change.List);
    }

    private static async Task<IResult> StopShadow(HttpContext context, IGrainFactory grains)
    {
        var running = (await Registry(grains).List()).Shadow;
        var change = await Registry(grains).StopShadow();
        if (change.Outcome == PolicyChangeOutcome.Updated && running is not null)
        {
            await AuditLog.RecordAsync(grains, context, "policy_shadow_stopped", running);
        }

        return TypedResults.Ok(change.List);
    }

    private static async Task<IResult> Report(string version, IGrainFactory grains)
    {
        var record = Validation.IsId(version) ? await Registry(grains).Get(version) : null;
        if (record is null)
        {
            return NotFound(version);
        }

        if (record.ShadowSince is null)
        {
            return Problems.NotFound($"policy version '{version}' never ran in shadow");
        }

        var report = await grains.GetGrain<IPolicyReportGrain>(version).Get();
        return TypedResults.Ok(report with { Since = record.ShadowSince });
    }

    private static async Task<IResult> Audit(string? after, string? limit, IGrainFactory grains)
    {
        var v = new Validation();
        long from = 0;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from) || from < 0))
        {
            v.Add("after", "must be the next cursor of a previous page");
        }

        var count = DefaultAuditLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxAuditLimit))
        {
            v.Add("limit", $"must be 1–{MaxAuditLimit}");
        }

        if (!v.IsValid)
        {
            return v.Problem();
        }

        var page = await grains.GetGrain<IAuditLogGrain>(IAuditLogGrain.Key).Read(from, count);
        return TypedResults.Ok(new AuditList(page.Items, page.Next?.ToString(CultureInfo.InvariantCulture)));
    }

    private static IResult NotFound(string version) => Problems.NotFound($"policy version '{version}' does not exist");
}
