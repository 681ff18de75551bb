namespace IpGuard.LoadGen.Simulation;

/// <summary>The seller decisions of the API from the mildest to the strictest.</summary>
internal static class DecisionLadder
{
    private static readonly string[] Ladder = ["allow", "monitor", "review", "restrict", "suspend"];

    /// <summary>True when <paramref name="decision"/> is stricter than <paramref name="than"/>; unknown names rank lowest.</summary>
    public static bool Stricter(string decision, string than) => Array.IndexOf(Ladder, decision) > Array.IndexOf(Ladder, than);
}
