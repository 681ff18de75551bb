namespace IpGuard.Api.OpenApi;

/// <summary>
/// Marks a request body type. Its OpenAPI schema requires exactly the constructor parameters
/// without a default value, and shows those as non-null (a null there answers 400); the fields
/// with a default are optional and may be null (null reads as absent).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class RequestSchemaAttribute : Attribute;
