using System.Collections.Frozen;
using System.Text.Json;

namespace IpGuard.Grains;

/// <summary>The contract's lower_snake_case name of an enum value, computed once per value, not per call.</summary>
public static class Names
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Cache<TEnum>.Wire.TryGetValue(value, out var name) ? name : Convert(value);

    private static string Convert<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static class Cache<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> Wire = Enum.GetValues<TEnum>().Distinct().ToFrozenDictionary(v => v, Convert);
    }
}
