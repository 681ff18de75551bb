namespace IpGuard.GrainInterfaces;

/// <summary>
/// One shard of the case queue (key "0".."255", by caseId hash), so that opening cases on the
/// ingest path never funnels through one grain; a listing query merges the shards.
/// </summary>
[Alias("ipguard.ICaseQueueGrain")]
public interface ICaseQueueGrain : IGrainWithStringKey
{
    public const int Shards = 256;

    /// <summary>Adds or updates a case in this shard.</summary>
    [Alias("Upsert")]
    Task Upsert(CaseView view);

    /// <summary>
    /// Opens a case that has no state of its own yet: the shard keeps its opening until a
    /// moderator works it, when the case grain takes the opening over. Repeating it changes nothing.
    /// </summary>
    [Alias("Open")]
    Task Open(string caseId, CaseOpening opening);

    /// <summary>The opening of a case opened here (<see cref="Open"/>) and not yet taken over by its grain.</summary>
    [Alias("GetOpening"), ReadOnly]
    Task<CaseOpening?> GetOpening(string caseId);

    /// <summary>This shard's cases in a status, highest priority first.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<CaseView>> List(CaseStatus status, int limit);

    /// <summary>How many cases are open or claimed in this shard.</summary>
    [Alias("CountOpen"), ReadOnly]
    Task<int> CountOpen();

    /// <summary>The shard a case belongs to.</summary>
    public static string ShardOf(string caseId)
    {
        var hash = 17u;
        foreach (var c in caseId)
        {
            hash = unchecked((hash * 31) + c);
        }

        return (hash % Shards).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
