namespace IpGuard.LoadGen.Simulation;

/// <summary>A seller as the API shows it at the end: decision, score and factor codes (with their points, when read).</summary>
internal sealed record SellerReadback(string Decision, int Score, IReadOnlyList<string> Factors, IReadOnlyList<double>? Points = null)
{
    public bool Enforced => Decision is "restrict" or "suspend";
}

/// <summary>A listing as the API shows it at the end: status and who removed it.</summary>
internal sealed record ListingReadback(string Status, string? RemovedBy)
{
    public bool Removed => Status == "removed";

    public bool RemovedProactively => Removed && RemovedBy == "proactive";

    public bool Flagged => Status == "flagged";
}
