using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>A shadow version's merged counts. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.PolicyReportState")]
internal sealed class PolicyReportState
{
    [Id(0)] public long SellersCompared { get; set; }
    [Id(1)] public Dictionary<string, long> SellerPairs { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public long ListingsCompared { get; set; }
    [Id(3)] public Dictionary<string, long> ListingPairs { get; set; } = new(StringComparer.Ordinal);
    [Id(4)] public List<ShadowExample> Examples { get; set; } = [];
}

/// <summary>
/// One shadow version's report (keyed by the version), fed by each silo's tally about once a
/// second: never on an event's path.
/// </summary>
[GrainType("policy-report")]
internal sealed class PolicyReportGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<PolicyReportState> state) : DurableGrain<PolicyReportState>(state), IPolicyReportGrain
{
    public const int MaxExamples = 50;

    public async Task Add(ShadowTallyDelta delta)
    {
        var s = State;
        s.SellersCompared += delta.SellersCompared;
        s.ListingsCompared += delta.ListingsCompared;
        Merge(s.SellerPairs, delta.SellerPairs);
        Merge(s.ListingPairs, delta.ListingPairs);
        foreach (var example in delta.Examples)
        {
            // The newest word on a subject replaces the older one; a subject decided alike again leaves.
            s.Examples.RemoveAll(e => e.Kind == example.Kind && e.Id == example.Id);
            if (example.Active != example.Shadow)
            {
                s.Examples.Add(example);
            }
        }

        if (s.Examples.Count > MaxExamples)
        {
            s.Examples.RemoveRange(0, s.Examples.Count - MaxExamples);
        }

        await PersistAsync();
    }

    public Task<ShadowReport> Get()
    {
        var s = State;
        return Task.FromResult(new ShadowReport(this.GetPrimaryKeyString(), null,
            Comparison(s.SellersCompared, s.SellerPairs), Comparison(s.ListingsCompared, s.ListingPairs), [.. s.Examples]));
    }

    private static ShadowComparison Comparison(long compared, Dictionary<string, long> pairs)
    {
        var transitions = pairs.Where(p => p.Value > 0 && IsChange(p.Key)).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new ShadowComparison(compared, transitions.Values.Sum(), transitions);
    }

    private static bool IsChange(string pair) => pair.Split("->", 2) is [var active, var shadow] && active != shadow;

    private static void Merge(Dictionary<string, long> into, IReadOnlyDictionary<string, long> delta)
    {
        foreach (var (pair, n) in delta)
        {
            var total = into.GetValueOrDefault(pair) + n;
            if (total == 0)
            {
                into.Remove(pair);
            }
            else
            {
                into[pair] = total;
            }
        }
    }
}
