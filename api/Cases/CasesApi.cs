using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.Api.PolicyLab;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Cases;

/// <summary>The moderators' review queue: list, claim, resolve.</summary>
internal static class CasesApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/v1/cases").WithTags("Moderation").RequireAuthorization(Policies.Moderator);

        cases.MapGet("", List).WithName("ListCases").WithSummary("Cases in a status, highest priority (score plus age) first")
            .Produces<CaseList>().Answers(400, "An unknown status, or a limit outside 1–500.")
            .AddOpenApiOperationTransformer((operation, _, _) => QueryDocs.Describe(operation,
                ("status", QueryDocs.Enum<CaseStatus>("open")),
                ("limit", QueryDocs.Integer(1, MaxLimit, DefaultLimit))));
        cases.MapPost("/{caseId}/claim", Claim).WithName("ClaimCase").WithSummary("Claim a case; 409 if another moderator holds it")
            .Produces<CaseView>().Answers(404, "The case does not exist.").Answers(409, "Another moderator holds the case, or it is resolved.");
        cases.MapPost("/{caseId}/resolve", Resolve).WithName("ResolveCase")
            .WithSummary("Resolve a case: confirmed removes the listing and confirms an infringement; dismissed restores it and lowers the reporters' credibility. For an appeal, dismissed grants it")
            .AcceptsBody<ResolveRequest>("application/json").Produces<CaseView>()
            .Answers(404, "The case does not exist.").Answers(409, "Another moderator holds the case, or it was resolved otherwise.");
        return routes;
    }

    private static async Task<IResult> List(string? status, string? limit, IGrainFactory grains)
    {
        var v = new Validation();
        var wanted = v.Enum<CaseStatus>("status", status ?? "open");
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, out count) || count is < 1 or > MaxLimit))
        {
            v.Add("limit", $"must be 1–{MaxLimit}");
        }

        if (!v.IsValid)
        {
            return v.Problem();
        }

        var shards = await Task.WhenAll(Enumerable.Range(0, ICaseQueueGrain.Shards)
            .Select(i => grains.GetGrain<ICaseQueueGrain>(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).List(wanted!.Value, count)));
        var items = shards.SelectMany(s => s).OrderByDescending(c => c.Priority).ThenBy(c => c.OpenedAt).Take(count).ToList();
        return TypedResults.Ok(new CaseList(items));
    }

    private static async Task<IResult> Claim(string caseId, HttpContext context, IGrainFactory grains)
    {
        if (!Validation.IsId(caseId))
        {
            return Problems.NotFound($"case '{caseId}' does not exist");
        }

        return ToResult(await grains.GetGrain<ICaseGrain>(caseId).Claim(Actors.Of(context)));
    }

    private static async Task<IResult> Resolve(string caseId, HttpContext context, IGrainFactory grains)
    {
        var body = await Body.ReadJsonAsync<ResolveRequest>(context.Request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var v = new Validation();
        var outcome = v.Enum<CaseOutcome>("outcome", body.Value!.Outcome);
        v.Text("note", body.Value.Note, 1, 4000);
        if (!v.IsValid)
        {
            return v.Problem();
        }

        if (!Validation.IsId(caseId))
        {
            return Problems.NotFound($"case '{caseId}' does not exist");
        }

        var answer = await grains.GetGrain<ICaseGrain>(caseId).Resolve(outcome!.Value, body.Value.Note!, Actors.Of(context));
        if (answer.Status == AckStatus.Applied)
        {
            await AuditLog.RecordAsync(grains, context, "case_resolved", caseId, $"{body.Value.Outcome}: {body.Value.Note}");
        }

        return ToResult(answer);
    }

    private static IResult ToResult(CaseAnswer answer) => answer.Status switch
    {
        AckStatus.Applied or AckStatus.Duplicate => TypedResults.Ok(answer.Case),
        AckStatus.NotFound => Problems.NotFound(answer.Problem ?? "not found"),
        _ => Problems.Conflict(answer.Problem ?? "conflict"),
    };
}

/// <summary>The answer of GET /v1/cases.</summary>
public sealed record CaseList(IReadOnlyList<CaseView> Items);

/// <summary>POST /v1/cases/{caseId}/resolve.</summary>
[RequestSchema]
public sealed record ResolveRequest(string? Outcome, string? Note);
