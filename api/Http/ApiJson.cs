using System.Text.Json;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Http;

/// <summary>The contract's JSON (<see cref="ContractJson"/>): camelCase, lower_snake_case enums, RFC 3339 UTC times.</summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions options) => ContractJson.Configure(options);

    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
