using System.Text.Json.Nodes;
using IpGuard.Grains;
using Microsoft.OpenApi;

namespace IpGuard.Api.OpenApi;

/// <summary>
/// Schemas for query parameters that the handlers take as text (to answer a bad value with a
/// field error rather than the framework's bare 400), and extra content types of an answer.
/// </summary>
internal static class QueryDocs
{
    /// <summary>Gives each named query parameter of the operation its schema.</summary>
    public static Task Describe(OpenApiOperation operation, params (string Name, OpenApiSchema Schema)[] parameters)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            foreach (var (name, schema) in parameters)
            {
                if (parameter is OpenApiParameter { In: ParameterLocation.Query } p && p.Name == name)
                {
                    p.Schema = schema;
                    p.Description = schema.Description;
                }
            }
        }

        return Task.CompletedTask;
    }

    public static OpenApiSchema Enum<TEnum>(string @default, string? description = null) where TEnum : struct, Enum => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. System.Enum.GetValues<TEnum>().Select(v => (JsonNode)JsonValue.Create(Names.Of(v)))],
        Default = JsonValue.Create(@default),
        Description = description,
    };

    public static OpenApiSchema Integer(int? minimum, int? maximum, int @default, string? description = null) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Default = JsonValue.Create(@default),
        Description = description,
    };

    public static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    /// <summary>Adds a content type (a string body) to one of the operation's answers.</summary>
    public static Task AlsoAnswers(OpenApiOperation operation, string status, string contentType, string description)
    {
        if (operation.Responses?.TryGetValue(status, out var response) == true && response is OpenApiResponse { } answer)
        {
            answer.Content ??= new Dictionary<string, OpenApiMediaType>();
            answer.Content[contentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = description } };
        }

        return Task.CompletedTask;
    }
}
