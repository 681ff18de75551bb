using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IpGuard.Api.OpenApi;

/// <summary>
/// Makes the generated schemas say what the wire carries where the generator cannot see it:
/// times (written by the api's own converter) are strings, enums are strings, and a request
/// type's required fields are not nullable.
/// </summary>
internal static class SchemaDocs
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = System.Nullable.GetUnderlyingType(type);
        if (schema.Type is null && (underlying ?? type) == typeof(DateTimeOffset))
        {
            // ApiJson's converter writes RFC 3339 UTC strings; the generator sees only a converter.
            schema.Type = underlying is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }

        if (schema.Type is null && schema.Enum is { Count: > 0 } && (underlying ?? type).IsEnum)
        {
            schema.Type = JsonSchemaType.String;
        }

        if (type.GetCustomAttribute<RequestSchemaAttribute>() is not null && schema.Properties is { } properties && schema.Required is { } required)
        {
            foreach (var (name, property) in properties.ToList())
            {
                properties[name] = required.Contains(name) ? NotNull(property) : Nullable(property);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The schema without its null alternative.</summary>
    private static IOpenApiSchema NotNull(IOpenApiSchema property)
    {
        if (property is OpenApiSchema { OneOf: { Count: 2 } oneOf } && oneOf.Count(IsNull) == 1)
        {
            return oneOf.First(s => !IsNull(s));
        }

        if (property is OpenApiSchema { Type: { } t } inline && t.HasFlag(JsonSchemaType.Null))
        {
            inline.Type = t & ~JsonSchemaType.Null;
        }
        else if (property is OpenApiSchema { Type: null, Format: "date-time" } time)
        {
            time.Type = JsonSchemaType.String;
        }

        return property;
    }

    /// <summary>The schema allowing null too (an optional field may be sent as null).</summary>
    private static IOpenApiSchema Nullable(IOpenApiSchema property)
    {
        if (property is OpenApiSchema { Type: { } t } inline && !t.HasFlag(JsonSchemaType.Null))
        {
            inline.Type = t | JsonSchemaType.Null;
        }

        return property;
    }

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };
}
