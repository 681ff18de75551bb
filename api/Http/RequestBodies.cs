using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IpGuard.Api.Http;

/// <summary>
/// Documents a route's request body in OpenAPI without making routing match on Content-Type.
/// The framework's <c>Accepts()</c> metadata also turns a wrong content type into routing's own
/// 415 endpoint, chosen before authentication runs and answered without the contract's problem
/// fields; the handlers check the content type themselves (<see cref="Body"/>) after authorization.
/// </summary>
internal sealed record RequestBodyDoc(Type Type, IReadOnlyList<string> ContentTypes);

internal static class RequestBodies
{
    public static RouteHandlerBuilder AcceptsBody<T>(this RouteHandlerBuilder builder, string contentType, params string[] additionalContentTypes) =>
        builder.WithMetadata(new RequestBodyDoc(typeof(T), [contentType, .. additionalContentTypes]));

    /// <summary>The operation transformer that writes the documented request body.</summary>
    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDoc>().LastOrDefault() is not { } doc)
        {
            return;
        }

        var schema = await SchemaAsync(doc.Type, context, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = doc.ContentTypes.ToDictionary(type => type, type => new OpenApiMediaType { Schema = IsNdjson(type) ? Lines(doc.Type) : schema }),
        };
    }

    private static bool IsNdjson(string contentType) => contentType.EndsWith("ndjson", StringComparison.OrdinalIgnoreCase);

    /// <summary>ndjson is text on the wire: one JSON object of the item type a line.</summary>
    private static OpenApiSchema Lines(Type type) => new()
    {
        Type = JsonSchemaType.String,
        Description = $"One {(type.IsArray ? type.GetElementType()! : type).Name} JSON object a line.",
    };

    /// <summary>The type's schema as a component reference (arrays as an array of references).</summary>
    private static async Task<IOpenApiSchema> SchemaAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (type.IsArray)
        {
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = await SchemaAsync(type.GetElementType()!, context, cancellationToken) };
        }

        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        if (context.Document is not { } document)
        {
            return schema;
        }

        document.AddComponent(type.Name, schema);
        return new OpenApiSchemaReference(type.Name, document);
    }
}
