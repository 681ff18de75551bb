namespace IpGuard.Api.Listings;

/// <summary>How a listing batch is fanned out (section <c>IpGuard</c>).</summary>
internal sealed class IngestOptions
{
    /// <summary>
    /// How many listings one batch calls at once (<c>IpGuard:BatchParallelism</c>). Higher
    /// finishes a batch sooner; lower keeps shorter queues in front of checkout queries.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int BatchParallelism { get; set; } = 64;
}
