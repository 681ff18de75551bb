namespace IpGuard.LoadGen.Scenarios;

/// <summary>The scenarios the tool runs.</summary>
internal static class ScenarioNames
{
    public const string Ingest = "ingest";
    public const string Checkout = "checkout";
    public const string Market = "market";
    public const string Direct = "direct";
    public const string Health = "health";
    public const string Feed = "feed";

    public static IReadOnlyList<string> All { get; } = [Ingest, Checkout, Market, Direct, Health, Feed];
}
