using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// A Brand Registry entry, the stats of the listings that claim the brand, its notices and
/// their track record (self-service eligibility), and its Transparency code secret.
/// </summary>
[GrainType("brand")]
internal sealed class BrandGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<BrandState> state,
    RegistryCache registry,
    PolicyProvider policies,
    RiskClock clock) : DurableGrain, IBrandGrain
{
    /// <summary>Decision keys remembered for idempotency.</summary>
    public const int DecisionKeyCapacity = 5000;

    private BrandState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    public async Task<BrandView> Put(BrandRegistryEntry entry)
    {
        S.Entry = entry with { BrandId = Id };
        S.UpdatedAt = clock.UtcNow;
        await PersistAsync(state);
        await PublishAsync();
        return View();
    }

    public async Task<BrandView?> UpdateAuthorizedSellers(IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        if (S.Entry is null)
        {
            return null;
        }

        var sellers = S.Entry.AuthorizedSellers.Concat(add).Distinct(StringComparer.Ordinal).Except(remove, StringComparer.Ordinal).ToArray();
        S.Entry = S.Entry with { AuthorizedSellers = sellers };
        S.UpdatedAt = clock.UtcNow;
        await PersistAsync(state);
        await PublishAsync();
        return View();
    }

    public async Task ApplyListingDelta(BrandListingDelta delta)
    {
        if (Apply(delta))
        {
            await PersistAsync(state);
        }
    }

    public async Task<Ack<NoticeResults>> FileNotice(NoticeCommand notice)
    {
        var hash = PayloadHash.Create().Add(notice.ListingIds).Add(notice.Reason).Add(notice.Details).Add(notice.Takedown).Value;
        if (S.Events.Find(notice.EventId) is { } seen)
        {
            return seen.Hash != hash
                ? Ack<NoticeResults>.Conflict(EventWindow.Reused(notice.EventId))
                : Ack<NoticeResults>.Duplicate(((NoticeResults?)seen.Answer ?? await ApplyAsync(notice)) with { Duplicate = true });
        }

        if (S.Entry is null)
        {
            return Ack<NoticeResults>.NotFound($"brand '{Id}' is not registered");
        }

        if (notice.Takedown && !Eligible())
        {
            return Ack<NoticeResults>.Forbidden(
                $"brand '{Id}' may not take listings down itself: it needs {Policy.TrustedMinAcceptedShare * 100:0}% of at least {Policy.TrustedMinDecidedNotices} decided notices accepted " +
                $"(it has {S.NoticesAccepted} of {S.NoticesDecided}), or an admin's trust");
        }

        var results = await ApplyAsync(notice);
        S.NoticesFiled += results.Results.Count(r => r.Outcome is NoticeOutcome.Removed or NoticeOutcome.Flagged);
        S.Events.Add(notice.EventId, hash, results);
        CountIngested();
        await PersistAsync(state);
        return Ack<NoticeResults>.Applied(results);
    }

    public async Task RecordNoticeDecision(string decisionKey, bool accepted)
    {
        if (S.DecisionKeys.Contains(decisionKey))
        {
            return;
        }

        S.DecisionKeys.Add(decisionKey);
        if (S.DecisionKeys.Count > DecisionKeyCapacity)
        {
            S.DecisionKeys.RemoveAt(0);
        }

        S.NoticesDecided++;
        if (accepted)
        {
            S.NoticesAccepted++;
        }

        await PersistAsync(state);
    }

    public async Task<IReadOnlyList<string>?> MintCodes(int count)
    {
        if (S.Entry is null)
        {
            return null;
        }

        S.CodeSecret ??= RandomNumberGenerator.GetBytes(32);
        var first = S.NextSerial;
        S.NextSerial += count;
        await PersistAsync(state);

        var codes = new string[count];
        for (var i = 0; i < count; i++)
        {
            codes[i] = TransparencyCodes.Format(Id, first + i, Mac(first + i));
        }

        return codes;
    }

    public Task<bool> VerifyCode(long serial, string mac)
    {
        var valid = S.CodeSecret is not null && serial >= 0 && serial < S.NextSerial
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(serial)), Encoding.ASCII.GetBytes(mac));
        return Task.FromResult(valid);
    }

    public Task<BrandView?> Get() => Task.FromResult(S.Entry is null ? null : View());

    /// <summary>Applies the notice to each listing; listings answer what it did to them.</summary>
    private async Task<NoticeResults> ApplyAsync(NoticeCommand notice)
    {
        var noticeId = $"ntc-{XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{Id}|{notice.EventId}")):x16}";
        var remove = notice.Takedown || Eligible();
        var listingIds = notice.ListingIds.Distinct(StringComparer.Ordinal).ToList();
        var outcomes = await Task.WhenAll(listingIds.Select(l =>
            GrainFactory.GetGrain<IListingGrain>(l).ApplyNotice(Id, noticeId, remove, notice.Takedown, notice.Reason)));
        var items = new NoticeItem[listingIds.Count];
        var removed = new List<string>();
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new NoticeItem(listingIds[i], outcomes[i]);
            if (outcomes[i] == NoticeOutcome.Removed)
            {
                removed.Add(listingIds[i]);
            }
        }

        // Counted here, with each listing's seller (an infringing seller of the brand): the listing
        // leaves this delta in its outbox rather than call back into this busy grain.
        var views = await Task.WhenAll(removed.Select(l => GrainFactory.GetGrain<IListingGrain>(l).GetRisk()));
        for (var i = 0; i < removed.Count; i++)
        {
            Apply(new BrandListingDelta(removed[i], views[i]?.SellerId ?? "", Removed: true, Proactive: false));
        }

        return new NoticeResults(noticeId, items);
    }

    private bool Apply(BrandListingDelta delta)
    {
        var next = ListingFlags.Seen
            | (delta.Removed ? ListingFlags.Removed : 0)
            | (delta.Proactive ? ListingFlags.Proactive : 0);
        var changed = delta.Removed && delta.SellerId.Length > 0 && S.InfringingSellers.Add(delta.SellerId);
        var previous = S.Listings.GetValueOrDefault(delta.ListingId);
        if (previous == next)
        {
            return changed;
        }

        S.Listings[delta.ListingId] = next;
        S.ListingsRemoved += Step(previous, next, ListingFlags.Removed);
        S.ProactiveRemovals += Step(previous, next, ListingFlags.Proactive);
        return true;
    }

    private Scoring.EnforcementPolicy Policy => policies.Current.Policy.Enforcement;

    private bool Eligible() =>
        S.Entry?.SelfServiceTakedown == true
        || (S.NoticesDecided >= Policy.TrustedMinDecidedNotices && S.NoticesAccepted >= Policy.TrustedMinAcceptedShare * S.NoticesDecided);

    private string Mac(long serial)
    {
        var mac = HMACSHA256.HashData(S.CodeSecret!, Encoding.UTF8.GetBytes(TransparencyCodes.Signed(Id, serial)));
        return Convert.ToHexStringLower(mac.AsSpan(0, 16));
    }

    /// <summary>Tells the directory, then this silo's registry copy, that the entry changed.</summary>
    private async Task PublishAsync()
    {
        await GrainFactory.GetGrain<IBrandDirectoryGrain>(IBrandDirectoryGrain.Key).Upsert(S.Entry!);
        registry.Invalidate();
    }

    private static int Step(ListingFlags previous, ListingFlags next, ListingFlags flag) =>
        (next.HasFlag(flag) ? 1 : 0) - (previous.HasFlag(flag) ? 1 : 0);

    private BrandView View()
    {
        var e = S.Entry!;
        var stats = new BrandStats(S.Listings.Count, S.ListingsRemoved, S.ProactiveRemovals, S.NoticesFiled, S.NoticesAccepted, S.InfringingSellers.Count);
        return new BrandView(e.BrandId, e.Name, e.Trademarks, e.ProtectedTerms, e.AuthorizedSellers, e.ReferencePrice,
            e.Restricted, e.SelfServiceTakedown, stats, S.UpdatedAt, Eligible(), S.NoticesDecided);
    }
}
