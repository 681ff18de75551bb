using IpGuard.Grains;
using System.Globalization;
using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.Listings;
using IpGuard.Api.OpenApi;
using IpGuard.Api.Operations;
using IpGuard.GrainInterfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IpGuard.Api.Sellers;

/// <summary>Seller ingest, risk and the checkout hot path.</summary>
internal static class SellersApi
{
    public static IEndpointRouteBuilder MapSellersApi(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapGroup("/v1").WithTags("Sellers");

        v1.MapPost("/sellers", RegisterSeller).RequireAuthorization(Policies.Ingest)
            .WithName("RegisterSeller").WithSummary("Register or update a seller")
            .AcceptsBody<SellerRequest>("application/json").Produces<SellerRiskView>()
            .Answers(409, "The eventId was used with another body.");
        v1.MapPost("/verifications", RecordVerification).RequireAuthorization(Policies.Ingest)
            .WithName("RecordVerification").WithSummary("A seller verification check finished")
            .AcceptsBody<VerificationRequest>("application/json").Produces<SellerRiskView>()
            .Answers(409, "The eventId was used with another body.");
        v1.MapGet("/sellers/{sellerId}/risk", GetRisk).RequireAuthorization(Policies.CheckoutOrModerator)
            .WithName("GetSellerRisk").WithSummary("A seller's score, factors, decision and counters")
            .Answers(400, "sellerId is not a valid id.").Answers(404, "The seller was never seen.");
        v1.MapGet("/sellers/{sellerId}/checkout", Checkout).RequireAuthorization(Policies.Checkout)
            .WithName("Checkout").WithSummary("May this seller sell (this listing) now? The hot path")
            .Produces<CheckoutAnswer>()
            .Answers(400, "An invalid sellerId, listingId, amount or currency; `errors` names each.");
        return routes;
    }

    private static Task<IResult> RegisterSeller(HttpRequest request, GrainRefs refs, IpGuardMetrics metrics) =>
        Body.HandleAsync<SellerRequest, SellerRegistration>(request, (body, v) => body.Validate(v), async (body, registration) =>
        {
            var ack = await refs.Seller(body.SellerId!).Register(registration);
            metrics.Ingested("seller", ack.Status, ack.Value?.Decision);
            return Acks.ToResult(ack);
        });

    private static Task<IResult> RecordVerification(HttpRequest request, GrainRefs refs, IpGuardMetrics metrics) =>
        Body.HandleAsync<VerificationRequest, VerificationResult>(request, (body, v) => body.Validate(v), async (body, result) =>
        {
            var ack = await refs.Seller(body.SellerId!).RecordVerification(result);
            metrics.Ingested("verification", ack.Status, ack.Value?.Decision);
            return Acks.ToResult(ack);
        });

    private static async Task<Results<Ok<SellerRiskView>, ValidationProblem, ProblemHttpResult>> GetRisk(string sellerId, HttpContext context, GrainRefs refs)
    {
        if (!Validation.IsId(sellerId))
        {
            return InvalidId("sellerId");
        }

        var risk = await refs.Seller(sellerId).GetRisk();
        if (risk is null)
        {
            return Problems.NotFound($"seller '{sellerId}' was never seen");
        }

        return TypedResults.Ok(Roles.SeesShadow(context.User) ? risk : risk with { Shadow = null });
    }

    private static async Task<IResult> Checkout(string sellerId, string? listingId, string? amount, string? currency, GrainRefs refs, IpGuardMetrics metrics,
        IngestAdmission admission, TimeProvider time, ICheckoutReadModel checkouts)
    {
        var started = time.GetTimestamp();
        var v = new Validation();
        v.Id("sellerId", sellerId);
        v.Id("listingId", listingId, required: false);
        decimal? parsedAmount = null;
        if (amount is not null)
        {
            if (decimal.TryParse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a) && decimal.Round(a, 2) == a && a <= 1_000_000_000_000m)
            {
                parsedAmount = a;
            }
            else
            {
                v.Add("amount", "must be a number ≥ 0 with at most 2 decimals");
            }
        }

        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            v.Add("currency", "must be a three-letter ISO 4217 code such as USD");
        }

        if (!v.IsValid)
        {
            return v.Problem();
        }

        // A seller active in this silo answers from its published facts, without a grain call.
        var query = new CheckoutQuery(listingId, parsedAmount, currency);
        var answer = checkouts.TryAnswer(sellerId, query, out var local) ? local : await refs.Seller(sellerId).GetCheckout(query);
        admission.CheckoutServed(time.GetTimestamp() - started);
        metrics.Checkout(answer.Outcome);
        return TypedResults.Ok(answer);
    }

    private static ValidationProblem InvalidId(string field) =>
        Problems.Validation(new Dictionary<string, string[]> { [field] = ["must be 1–128 characters of A-Z a-z 0-9 . _ : -"] });
}
