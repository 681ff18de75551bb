using Microsoft.AspNetCore.Http.HttpResults;

namespace IpGuard.Api.Http;

/// <summary>The contract's problem+json answers (RFC 9457), one place for their types and titles.</summary>
internal static class Problems
{
    public const string TypeBase = "https://ipguard.dev/problems/";

    /// <summary>How long a client should wait before retrying after a 503.</summary>
    public const int StorageRetryAfterSeconds = 2;

    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "The request has invalid fields; see errors.", title: "Invalid input", type: TypeBase + "validation");

    public static ProblemHttpResult NotFound(string detail) => Problem(404, "not-found", "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) => Problem(409, "conflict", "Conflict", detail);

    public static ProblemHttpResult TooLarge(string detail) => Problem(413, "payload-too-large", "Payload too large", detail);

    public static ProblemHttpResult UnsupportedMediaType(string detail) => Problem(415, "unsupported-media-type", "Unsupported media type", detail);

    public static ProblemHttpResult Unauthorized() => Problem(401, "unauthorized", "Unauthorized", "Send a valid API key in the X-Api-Key header.");

    public static ProblemHttpResult Forbidden(string detail) => Problem(403, "forbidden", "Forbidden", detail);

    /// <summary>Ingest waited its longest for room while checkout held the silos busy (see IngestAdmission).</summary>
    public static IResult IngestSaturated() => new WithRetryAfter(
        Problem(429, "ingest-saturated", "Too many requests", "Ingest is held back so that checkout stays fast; nothing in this request was applied. Retry after the Retry-After seconds with the same eventIds."),
        1);

    public static IResult StorageUnavailable() => new WithRetryAfter(
        Problem(503, "storage-unavailable", "Storage unavailable", "The state store did not confirm the write; nothing was acknowledged. Retry with the same eventId."),
        StorageRetryAfterSeconds);

    public static ProblemHttpResult Unexpected() => Problem(500, "internal", "Internal error", "The request failed unexpectedly; it may be retried with the same eventId.");

    public static ProblemHttpResult Problem(int status, string slug, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypeBase + slug);

    /// <summary>A result with a Retry-After header (503, 429).</summary>
    internal sealed class WithRetryAfter(IResult inner, int seconds) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
