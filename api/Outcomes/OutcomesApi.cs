using System.Globalization;
using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Outcomes;

/// <summary>The labelled outcomes the service records, exported for fitting the policy's weights (tools/fit).</summary>
internal static class OutcomesApi
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapOutcomesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/outcomes", List).WithTags("Policies").RequireAuthorization(Policies.Admin)
            .WithName("ListOutcomes")
            .WithSummary("Labelled outcomes (resolved cases and appeals, failed Transparency scans) with the subject's factors and feature values before the judgment, oldest first")
            .Produces<OutcomeList>().Answers(400, "after is not a whole number of 0 or more, or limit is outside 1–1000.")
            .AddOpenApiOperationTransformer((operation, _, _) => QueryDocs.Describe(operation,
                ("after", QueryDocs.Text("The cursor: `next` of the previous page. Without it the export starts at the oldest outcome kept.")),
                ("limit", QueryDocs.Integer(1, MaxLimit, DefaultLimit))));
        return routes;
    }

    private static async Task<IResult> List(string? after, string? limit, IGrainFactory grains)
    {
        var v = new Validation();
        long from = 0;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from) || from < 0))
        {
            v.Add("after", "must be a cursor (a whole number of 0 or more) from a previous page's next");
        }

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            v.Add("limit", $"must be 1–{MaxLimit}");
        }

        if (!v.IsValid)
        {
            return v.Problem();
        }

        var page = await grains.GetGrain<IOutcomeLogGrain>(IOutcomeLogGrain.Key).Read(from, count);
        return TypedResults.Ok(new OutcomeList(
            [.. page.Items.Select(OutcomeItem.Of)],
            page.Next.ToString(CultureInfo.InvariantCulture)));
    }
}

/// <summary>The answer of GET /v1/outcomes: a page, and the cursor to continue after.</summary>
public sealed record OutcomeList(IReadOnlyList<OutcomeItem> Items, string Next);

/// <summary>
/// One labelled example. <c>infringing</c> is the label; <c>features</c> are the factors' points
/// divided by their base weights in the policy in force (the factors' raw inputs), which tools/fit learns from.
/// </summary>
public sealed record OutcomeItem(
    string Id,
    string Key,
    OutcomeSource Source,
    OutcomeSubject Subject,
    string SubjectId,
    bool Infringing,
    string Outcome,
    string PolicyVersion,
    int Score,
    IReadOnlyDictionary<string, int> Factors,
    IReadOnlyDictionary<string, double> Features,
    DateTimeOffset At)
{
    public static OutcomeItem Of(RecordedOutcome recorded)
    {
        var e = recorded.Example;
        return new OutcomeItem(recorded.Seq.ToString(CultureInfo.InvariantCulture), e.Key, e.Source, e.Subject, e.SubjectId, e.Infringing,
            e.Outcome, e.PolicyVersion, e.Score, e.Factors, e.Features, e.At);
    }
}
