namespace IpGuard.Api.OpenApi;

/// <summary>An error a route answers itself (404, 409, ...), and when, for the OpenAPI document.</summary>
internal sealed record ProblemAnswerDoc(int Status, string Description);

internal static class ProblemAnswers
{
    /// <summary>Documents a problem+json answer of this route; the schema is the shared ProblemDetails.</summary>
    public static RouteHandlerBuilder Answers(this RouteHandlerBuilder builder, int status, string description) =>
        builder.WithMetadata(new ProblemAnswerDoc(status, description));
}
