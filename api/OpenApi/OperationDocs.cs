using System.Text.Json.Nodes;
using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace IpGuard.Api.OpenApi;

/// <summary>
/// Adds to each operation what the pipeline, not the handler, decides: the API key and the roles
/// its authorization policy accepts (401/403), the rate limiter (429), the body checks
/// (400/413/415) and storage failures (503), and gives every error answer the one problem+json
/// schema the api writes.
/// </summary>
internal static class OperationDocs
{
    public const string RolesExtension = "x-roles";

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document ?? throw new InvalidOperationException("The operation transformer runs inside a document.");
        operation.Responses ??= [];

        var roles = RolesOf(metadata);
        if (roles is not null)
        {
            // OpenAPI 3.1 lets an apiKey requirement name the roles it needs; the requirements are
            // alternatives, so each role that suffices is one requirement.
            operation.Security = roles
                .Select(role => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(IpGuardOpenApi.SecurityScheme, document)] = [role] })
                .ToList();
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => JsonValue.Create(r))]));
            operation.Description = Join(operation.Description, $"Roles: {Describe(roles)} (an X-Api-Key holding any one of them).");
            SetProblem(operation, document, 401, "No API key, or an unknown one.");
            SetProblem(operation, document, 403, roles.Contains(Policies.OwnBrandRole)
                ? "The key holds none of the roles this route accepts (a brand key acts on its own brand only)."
                : "The key holds none of the roles this route accepts.");
        }

        if (metadata.OfType<RequestBodyDoc>().Any())
        {
            SetProblem(operation, document, 400, "Invalid input: malformed JSON, a wrong type or an invalid field; `errors` names each field. Nothing changed.");
            SetProblem(operation, document, 413, "The body is over 1 MiB.");
            SetProblem(operation, document, 415, "The body is not of a content type this route reads.");
        }

        if (!metadata.OfType<DisableRateLimitingAttribute>().Any())
        {
            SetProblem(operation, document, 429, "This key (or, without a known key, this client address) is over its rate limit; retry after the Retry-After seconds.", retryAfter: true);
        }

        SetProblem(operation, document, 503, "Storage or the cluster is unavailable; nothing was acknowledged. Retry after the Retry-After seconds (writes with the same eventId).", retryAfter: true);

        foreach (var answer in metadata.OfType<ProblemAnswerDoc>())
        {
            SetProblem(operation, document, answer.Status, answer.Description);
        }

        // Errors declared through the framework (ProducesValidationProblem) get the shared schema too.
        foreach (var (status, response) in operation.Responses.ToList())
        {
            if (status.Length == 3 && status[0] is '4' or '5')
            {
                SetProblem(operation, document, int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), null);
            }
        }

        // Answers in status order, so a reader finds them where expected.
        var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in ordered)
        {
            operation.Responses[status] = response;
        }

        return Task.CompletedTask;
    }

    /// <summary>The roles that may call the endpoint (any one suffices), or null for an anonymous endpoint.</summary>
    internal static IReadOnlyList<string>? RolesOf(IEnumerable<object> metadata)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return null;
        }

        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (policies.Count == 0)
        {
            return null;
        }

        // Every policy must pass: the roles that satisfy them all.
        IEnumerable<string> roles = Policies.RolesOf(policies[0]);
        foreach (var policy in policies.Skip(1))
        {
            roles = roles.Intersect(Policies.RolesOf(policy), StringComparer.Ordinal);
        }

        return roles.ToList();
    }

    private static string Describe(IReadOnlyList<string> roles)
    {
        var named = roles.Select(r => $"`{r}`").ToList();
        return named.Count == 1 ? named[0] : string.Join(", ", named[..^1]) + " or " + named[^1];
    }

    private static string Join(string? description, string line) =>
        string.IsNullOrEmpty(description) ? line : description + "\n\n" + line;

    private static void SetProblem(OpenApiOperation operation, OpenApiDocument document, int status, string? description, bool retryAfter = false)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var existing = operation.Responses!.TryGetValue(key, out var found) ? found : null;
        var response = new OpenApiResponse
        {
            Description = description ?? existing?.Description switch
            {
                null or "" or "Bad Request" or "Not Found" or "Conflict" or "Forbidden" or "Payload Too Large" or "Unsupported Media Type" => IpGuardOpenApi.DescribeStatus(status),
                var text => text,
            },
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [IpGuardOpenApi.ProblemContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(IpGuardOpenApi.ProblemSchema, document) },
            },
        };
        if (retryAfter || existing?.Headers?.ContainsKey("Retry-After") == true)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                },
            };
        }

        operation.Responses[key] = response;
    }
}
