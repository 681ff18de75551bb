using System.Text.Json;

namespace IpGuard.Grains;

/// <summary>The contract's lower_snake_case name of an enum value, for reasons and details.</summary>
internal static class Names
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
