using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>The fingerprint grains a seller just joined, with each one's members, and whether the seller was suspended on its own then.</summary>
internal readonly record struct FingerprintJoin(List<string> Keys, IReadOnlyList<LinkedMember>[] Members, bool Suspended);

/// <summary>
/// Links sellers through shared fingerprints (<see cref="FingerprintKeys"/>): joins a seller to
/// the fingerprint grains of new fingerprints, records which linked sellers are suspended, and
/// tells linked sellers when this one's suspension starts or ends. Holds no seller's state: one per silo.
/// </summary>
internal sealed class FingerprintLinker(IGrainFactory grains, GrainRefs refs)
{
    /// <summary>Joins the fingerprint grains of fingerprints the seller had not presented; answers them with their members.</summary>
    public async Task<FingerprintJoin> JoinAsync(SellerState s, string id, Fingerprints? fingerprints, bool suspended)
    {
        var keys = FingerprintKeys.Of(fingerprints).Where(k => !s.FingerprintKeys.Contains(k)).ToList();
        if (keys.Count == 0)
        {
            return new FingerprintJoin(keys, [], suspended);
        }

        var members = await Task.WhenAll(keys.Select(k => grains.GetGrain<IFingerprintGrain>(k).Link(id, suspended)));
        return new FingerprintJoin(keys, members, suspended);
    }

    /// <summary>Records the joined fingerprints, the presented ones, and which linked sellers are suspended.</summary>
    public static void Apply(SellerState s, string id, Fingerprints? presented, FingerprintJoin join)
    {
        s.Fingerprints = Merge(s.Fingerprints, presented);
        if (join.Keys.Count == 0)
        {
            return;
        }

        s.FingerprintKeys.AddRange(join.Keys.Where(k => !s.FingerprintKeys.Contains(k)));
        for (var i = 0; i < join.Keys.Count; i++)
        {
            var key = join.Keys[i];
            s.KeySharers[key] = join.Members[i].Count(m => m.SellerId != id);
            foreach (var member in join.Members[i])
            {
                if (member.Enforced && member.SellerId != id)
                {
                    s.EnforcedLinks.Add(member.SellerId);
                    s.LinkKeys[member.SellerId] = Links.Strongest(s.LinkKeys.GetValueOrDefault(member.SellerId), key);
                }
            }
        }

        if (join.Suspended)
        {
            // The new links must hear that this seller is suspended.
            s.LinkEnforcedPublished = false;
            s.LinkNotifyPending = true;
        }
    }

    /// <summary>Tells every fingerprint grain, then every linked seller, whether this seller is suspended.</summary>
    public async Task NotifyAsync(SellerState s, string id, bool suspended)
    {
        var keys = s.FingerprintKeys.ToList();
        var members = await Task.WhenAll(keys.Select(k => grains.GetGrain<IFingerprintGrain>(k).SetEnforced(id, suspended)));

        // Each linked seller hears of its strongest link to this one, and how many share it.
        var links = new Dictionary<string, (string Key, int Sharers)>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            foreach (var member in members[i])
            {
                if (member.SellerId != id && Links.Strongest(links.GetValueOrDefault(member.SellerId).Key, keys[i]) == keys[i])
                {
                    links[member.SellerId] = (keys[i], members[i].Count - 1);
                }
            }
        }

        await Task.WhenAll(links.Select(l => refs.Seller(l.Key).OnLinkedEnforcement(id, suspended, l.Value.Key, l.Value.Sharers)));
    }

    /// <summary>Records a linked seller's suspension (or its end); whether anything changed.</summary>
    public static bool Hear(SellerState s, string linkedSellerId, bool enforced, string fingerprintKey, int sharers)
    {
        var known = s.LinkKeys.GetValueOrDefault(linkedSellerId) == fingerprintKey && s.KeySharers.GetValueOrDefault(fingerprintKey) == sharers;
        if (enforced ? !s.EnforcedLinks.Add(linkedSellerId) && known : !s.EnforcedLinks.Remove(linkedSellerId))
        {
            return false;
        }

        if (enforced)
        {
            s.LinkKeys[linkedSellerId] = fingerprintKey;
            s.KeySharers[fingerprintKey] = sharers;
        }
        else
        {
            s.LinkKeys.Remove(linkedSellerId);
        }

        return true;
    }

    private static Fingerprints? Merge(Fingerprints? current, Fingerprints? update)
    {
        if (update is null)
        {
            return current;
        }

        if (current is null)
        {
            return update;
        }

        return new Fingerprints(
            update.BankAccountHash ?? current.BankAccountHash,
            update.DeviceId ?? current.DeviceId,
            update.AddressHash ?? current.AddressHash,
            update.TaxIdHash ?? current.TaxIdHash);
    }
}
