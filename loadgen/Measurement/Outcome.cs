namespace IpGuard.LoadGen.Measurement;

/// <summary>
/// What one request achieved: whether it succeeded, how many events it carried that the
/// target accepted, and, when it failed, the status or failure kind it is counted under.
/// </summary>
internal readonly record struct Outcome(bool Ok, int Events, string? Error, IReadOnlyDictionary<string, int>? ItemErrors = null)
{
    public static Outcome Success(int events = 1) => new(true, events, null);

    public static Outcome Failure(string error) => new(false, 0, error);

    public static Outcome Failure(int status) => new(false, 0, status.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A request that succeeded while some of the events it carried were refused (a batch).</summary>
    public static Outcome Partial(int events, IReadOnlyDictionary<string, int> itemErrors) => new(true, events, null, itemErrors);
}
