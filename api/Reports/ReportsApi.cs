using IpGuard.Grains;
using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.Api.Operations;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Reports;

/// <summary>Buyer and system reports.</summary>
internal static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1").WithTags("Reports")
            .MapPost("/reports", Report).RequireAuthorization(Policies.Ingest)
            .WithName("Report").WithSummary("A buyer or system report against a listing or a seller")
            .AcceptsBody<ReportRequest>("application/json").Produces<ReportResult>()
            .Answers(404, "The listing (or, without listingId, the seller) was never seen.")
            .Answers(409, "The eventId was used with another body, or the listing is not the named seller's.");
        return routes;
    }

    private static Task<IResult> Report(HttpRequest request, GrainRefs refs, IpGuardMetrics metrics) =>
        Body.HandleAsync<ReportRequest, ReportCommand>(request, (body, v) => body.Validate(v), async (_, report) =>
        {
            // A report naming a listing is the listing's (which checks the seller); else the seller's.
            var ack = report.ListingId is { } listingId
                ? await refs.Listing(listingId).Report(report)
                : await refs.Seller(report.SellerId!).Report(report);
            metrics.Ingested("report", ack.Status, ack.Value?.Seller.Decision);
            return Acks.ToResult(ack);
        });
}
