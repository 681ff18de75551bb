using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>The report's "active->shadow" pair names, made once, so that scoring in shadow allocates none per event.</summary>
internal static class ShadowPairs
{
    private static readonly string[,] DecisionPairs = Table<Decision>();
    private static readonly string[,] StatusPairs = Table<ListingStatus>();

    public static string Of(Decision active, Decision shadow) => DecisionPairs[(int)active, (int)shadow];

    public static string Of(ListingStatus active, ListingStatus shadow) => StatusPairs[(int)active, (int)shadow];

    private static string[,] Table<TEnum>() where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var table = new string[values.Length, values.Length];
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                table[Convert.ToInt32(a, System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(b, System.Globalization.CultureInfo.InvariantCulture)] = $"{Names.Of(a)}->{Names.Of(b)}";
            }
        }

        return table;
    }
}
