using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>Fingerprint keys ("{kind}:{hash}") as the seller model's link facts.</summary>
internal static class Links
{
    /// <summary>What a key identifies; null for a key of an unknown kind.</summary>
    public static FingerprintKind? KindOf(string? key) => key?.Split(':', 2)[0] switch
    {
        "bank" => FingerprintKind.BankAccount,
        "tax" => FingerprintKind.TaxId,
        "device" => FingerprintKind.Device,
        "address" => FingerprintKind.Address,
        _ => null,
    };

    /// <summary>Of two keys, the one that says more that two sellers are one operator.</summary>
    public static string Strongest(string? current, string candidate)
    {
        if (current is null || KindOf(current) is not { } held)
        {
            return candidate;
        }

        return KindOf(candidate) is { } next && next < held ? candidate : current;
    }

    /// <summary>
    /// The links to suspended sellers by kind; null (the model's older, unweighted path) while a
    /// suspended link's key is not known, as in state written before keys were kept.
    /// </summary>
    public static IReadOnlyCollection<FingerprintLink>? Facts(HashSet<string> enforced, Dictionary<string, string> keys, Dictionary<string, int> sharers)
    {
        if (enforced.Count == 0)
        {
            return [];
        }

        var byKind = new Dictionary<FingerprintKind, (int Suspended, int Sharing)>();
        foreach (var seller in enforced)
        {
            if (!keys.TryGetValue(seller, out var key) || KindOf(key) is not { } kind)
            {
                return null;
            }

            var (suspended, sharing) = byKind.GetValueOrDefault(kind);
            byKind[kind] = (suspended + 1, Math.Max(sharing, sharers.GetValueOrDefault(key, 1)));
        }

        return [.. byKind.Select(k => new FingerprintLink(k.Key, k.Value.Suspended, Math.Max(k.Value.Sharing, k.Value.Suspended)))];
    }
}
