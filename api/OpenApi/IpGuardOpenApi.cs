using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IpGuard.Api.OpenApi;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: generated from the routes, then completed with what
/// the pipeline adds (key, roles, errors) so that the document matches what the api answers.
/// A copy is committed as api/openapi/v1.json; a test fails when the two differ.
/// </summary>
internal static class IpGuardOpenApi
{
    public const string SecurityScheme = "ApiKey";
    public const string ProblemSchema = "ProblemDetails";
    public const string ProblemContentType = "application/problem+json";

    /// <summary>The tags, in the order the reference shows them.</summary>
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Sellers", "Seller ingest (registrations, verification results), seller risk and the checkout hot path."),
        ("Listings", "Listing events, one at a time or in batches, and listing risk."),
        ("Reports", "Buyer and system reports against a listing or a seller."),
        ("Brand Registry", "Registry entries, brand keys and authorized sellers; brand notices, self-service takedowns and Transparency codes. A brand key acts on its own brand only."),
        ("Transparency", "Scans of per-unit Transparency codes: authentic, unknown, cloned or wrong_brand."),
        ("Moderation", "The review queue (cases), appeals, overrides, linked accounts and the dossier."),
        ("Live", "The live feed and the moderators' dashboard summary."),
        ("Operations", "A trivial authenticated round trip through the api and the cluster."),
    ];

    public static IServiceCollection AddIpGuardOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options
            .AddSchemaTransformer(SchemaDocs.TransformAsync)
            .AddOperationTransformer(RequestBodies.DescribeAsync)
            .AddOperationTransformer(OperationDocs.TransformAsync)
            .AddDocumentTransformer(DescribeAsync));

    /// <summary>The words the contract uses for a status, where a route gives none of its own.</summary>
    public static string DescribeStatus(int status) => status switch
    {
        400 => "Invalid input; `errors` names each invalid field. Nothing changed.",
        401 => "No API key, or an unknown one.",
        403 => "The key holds none of the roles this route accepts.",
        404 => "Unknown entity.",
        409 => "Conflict: the eventId was used with another body, or the state does not allow it.",
        413 => "The body is over 1 MiB.",
        415 => "The body is not of a content type this route reads.",
        429 => "Rate limited; retry after the Retry-After seconds.",
        503 => "Storage unavailable; retry after the Retry-After seconds.",
        _ => "Error.",
    };

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "IpGuard API",
            Version = "v1",
            Description = "Real-time seller risk scoring for intellectual-property protection on marketplaces.\n\n"
                + "Authenticate with an API key in the `X-Api-Key` header; each operation names the roles it accepts "
                + "(`admin` holds every role). Errors are `application/problem+json` (RFC 9457).",
            License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-IpGuard-Proprietary" },
        };

        // Relative: the api is served where this document is; no host or port is baked in.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The server that serves this document" }];
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthentication.Header,
            Description = "An API key. Its roles: `ingest`, `checkout`, `moderator`, `admin` (holds every role), "
                + "or `brand:<brandId>` for a key minted for one brand. A missing or unknown key answers 401; "
                + "a known key without a role the operation accepts answers 403.",
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
        document.Components.Schemas[ProblemSchema] = Problem();
        return Task.CompletedTask;
    }

    /// <summary>What <see cref="Problems"/> and the framework's problem writer produce.</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem. `errors` is present on validation failures (400).",
        Required = new HashSet<string> { "type", "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem, e.g. https://ipguard.dev/problems/not-found." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Each invalid field (a camelCase path such as price.amount or listingIds[2]) and what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}
