using Microsoft.AspNetCore.RateLimiting;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace IpGuard.Api.Operations;

/// <summary>Health, metrics, the OpenAPI document and the interactive reference.</summary>
internal static class OperationsApi
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithTags("Operations").WithSummary("The process is up").DisableRateLimiting();
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .WithTags("Operations").WithSummary("A silo answers and storage is reachable; 503 otherwise").DisableRateLimiting();
        routes.MapGet("/v1/ping", Ping).RequireAuthorization(Auth.Policies.Checkout)
            .WithTags("Operations").WithName("Ping")
            .WithSummary("A trivial grain call through the whole api (auth, routing, Orleans): the baseline checkout is measured against");
        routes.MapPrometheusScrapingEndpoint("/metrics").DisableRateLimiting();
        routes.MapOpenApi("/openapi/{documentName}.json");
        routes.MapScalarApiReference("/docs", options => options
            .WithTitle("IpGuard API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return routes;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<PingAnswer>> Ping(IpGuard.Grains.GrainRefs refs) =>
        TypedResults.Ok(new PingAnswer(await refs.Health.Ping()));

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), detail = e.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Http.ApiJson.Options);
    }
}

/// <summary>The answer of GET /v1/ping: the silo that ran the grain call.</summary>
internal sealed record PingAnswer(string Silo);
