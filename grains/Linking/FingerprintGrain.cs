using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>The sellers sharing one fingerprint, and which of them are suspended.</summary>
[GrainType("fingerprint")]
internal sealed class FingerprintGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<FingerprintState> state) : DurableGrain<FingerprintState>(state), IFingerprintGrain
{
    public Task<IReadOnlyList<LinkedMember>> Link(string sellerId, bool enforced) => SetAsync(sellerId, enforced);

    public Task<IReadOnlyList<LinkedMember>> SetEnforced(string sellerId, bool enforced) => SetAsync(sellerId, enforced);

    public Task<IReadOnlyList<LinkedMember>> Members() =>
        Task.FromResult<IReadOnlyList<LinkedMember>>([.. State.Sellers.Select(s => new LinkedMember(s.Key, s.Value))]);

    private async Task<IReadOnlyList<LinkedMember>> SetAsync(string sellerId, bool enforced)
    {
        if (!State.Sellers.TryGetValue(sellerId, out var known) || known != enforced)
        {
            State.Sellers[sellerId] = enforced;
            await PersistAsync();
        }

        return [.. State.Sellers.Where(s => s.Key != sellerId).Select(s => new LinkedMember(s.Key, s.Value))];
    }
}

/// <summary>A fingerprint's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.FingerprintState")]
internal sealed class FingerprintState
{
    /// <summary>Each seller with the fingerprint, and whether it is suspended.</summary>
    [Id(0)] public Dictionary<string, bool> Sellers { get; set; } = new(StringComparer.Ordinal);
}
