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
    RiskClock clock) : DurableGrain<BrandState>(state), IBrandGrain
{
    /// <summary>Decision keys remembered for idempotency.</summary>
    public const int DecisionKeyCapacity = 5000;

    private BrandState S => State;

    private string? _id;

    /// <summary>The grain's key, made once: Orleans builds a new string on every call.</summary>
    private string Id => _id ??= this.GetPrimaryKeyString();

    public async Task<BrandView> Put(BrandRegistryEntry entry)
    {
        var before = S.Entry?.AuthorizedSellers ?? [];
        S.Entry = entry with { BrandId = Id };
        S.UpdatedAt = clock.UtcNow;
        await PersistAsync();
        await PublishAsync();
        await RefreshListingsAsync(before, S.Entry.AuthorizedSellers);
        return await ViewAsync();
    }

    public async Task<BrandView?> UpdateAuthorizedSellers(IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        if (S.Entry is null)
        {
            return null;
        }

        var before = S.Entry.AuthorizedSellers;
        var sellers = before.Concat(add).Distinct(StringComparer.Ordinal).Except(remove, StringComparer.Ordinal).ToArray();
        S.Entry = S.Entry with { AuthorizedSellers = sellers };
        S.UpdatedAt = clock.UtcNow;
        await PersistAsync();
        await PublishAsync();
        await RefreshListingsAsync(before, sellers);
        return await ViewAsync();
    }

    public async Task<Ack<NoticeResults>> FileNotice(NoticeCommand notice)
    {
        var hash = PayloadHash.Of(notice);
        if (S.Events.Check(notice.EventId, hash) is { } repeat)
        {
            return repeat.IsConflict
                ? repeat.Conflict<NoticeResults>()
                : Ack<NoticeResults>.Duplicate((repeat.KeptAs<NoticeResults>() ?? await ApplyAsync(notice)) with { Duplicate = true });
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
        await PersistAsync();
        return Ack<NoticeResults>.Applied(results);
    }

    public async Task RecordNoticeDecision(string decisionKey, bool accepted)
    {
        if (!AppliedOnce.TryAdd(S.DecisionKeys, decisionKey, DecisionKeyCapacity))
        {
            return;
        }

        S.NoticesDecided++;
        if (accepted)
        {
            S.NoticesAccepted++;
        }

        await PersistAsync();
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
        await PersistAsync();

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

    public async Task<BrandView?> Get() => S.Entry is null ? null : await ViewAsync();

    /// <summary>Applies the notice to each listing; listings answer what it did to them.</summary>
    private async Task<NoticeResults> ApplyAsync(NoticeCommand notice)
    {
        var noticeId = $"ntc-{XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{Id}|{notice.EventId}")):x16}";
        var remove = notice.Takedown || Eligible();
        var listingIds = notice.ListingIds.Distinct(StringComparer.Ordinal).ToList();
        var outcomes = await Task.WhenAll(listingIds.Select(l =>
            GrainFactory.Listing(l).ApplyNotice(Id, noticeId, remove, notice.Takedown, notice.Reason)));
        var items = new NoticeItem[listingIds.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new NoticeItem(listingIds[i], outcomes[i]);
        }

        return new NoticeResults(noticeId, items);
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

    /// <summary>
    /// Rescores the brand's listings of every seller whose authorization changed, so that an
    /// authorized seller's gated listing of a restricted brand is active again at once (and one
    /// whose authorization ended is gated). Other registry changes reach listings at their next event.
    /// </summary>
    private async Task RefreshListingsAsync(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var changed = before.Except(after, StringComparer.Ordinal).Concat(after.Except(before, StringComparer.Ordinal)).ToList();
        foreach (var sellerId in changed)
        {
            var listings = await GrainFactory.GetGrain<ISellerGrain>(sellerId).GetListingsOfBrand(Id);
            foreach (var chunk in listings.Chunk(32))
            {
                await Task.WhenAll(chunk.Select(id => GrainFactory.Listing(id).Refresh()));
            }
        }
    }

    /// <summary>The view, with stats summed over the brand's stats shards.</summary>
    private async Task<BrandView> ViewAsync()
    {
        var e = S.Entry!;
        var shards = await Task.WhenAll(Enumerable.Range(0, IBrandStatsGrain.Shards)
            .Select(i => GrainFactory.GetGrain<IBrandStatsGrain>($"{Id}/{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}").Get()));
        var stats = new BrandStats(shards.Sum(s => s.ListingsSeen), shards.Sum(s => s.ListingsRemoved), shards.Sum(s => s.ProactiveRemovals),
            S.NoticesFiled, S.NoticesAccepted, shards.SelectMany(s => s.InfringingSellers).Distinct(StringComparer.Ordinal).LongCount());
        return new BrandView(e.BrandId, e.Name, e.Trademarks, e.ProtectedTerms, e.AuthorizedSellers, e.ReferencePrice,
            e.Restricted, e.SelfServiceTakedown, stats, S.UpdatedAt, Eligible(), S.NoticesDecided, e.OfficialImages);
    }
}
