using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// One scanned code: checks it against its brand's secret and remembers the sellers and the
/// number of scans, so that a code seen on several sellers, or scanned more often than a
/// single unit plausibly is, reads as cloned from then on.
/// </summary>
[GrainType("transparency-code")]
internal sealed class TransparencyCodeGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<TransparencyCodeState> state,
    PolicyProvider policies,
    RiskClock clock) : DurableGrain<TransparencyCodeState>(state), ITransparencyCodeGrain
{
    private TransparencyCodeState S => State;

    public async Task<Ack<ScanAnswer>> Scan(ScanCommand scan)
    {
        var hash = PayloadHash.Of(scan);
        if (S.Events.Check(scan.EventId, hash) is { } repeat)
        {
            if (repeat.IsConflict)
            {
                return repeat.Conflict<ScanAnswer>();
            }

            var earlier = repeat.KeptAs<ScanAnswer>() ?? new ScanAnswer(S.Cloned ? ScanResult.Cloned : ScanResult.Authentic);
            await CountAgainstAsync(scan, earlier.Result);
            return Ack<ScanAnswer>.Duplicate(earlier with { Duplicate = true });
        }

        var sellerId = scan.SellerId;
        if (sellerId is null && scan.ListingId is not null)
        {
            sellerId = (await GrainFactory.Listing(scan.ListingId).GetRisk())?.SellerId;
        }

        var result = await CheckAsync(scan, sellerId);
        var answer = new ScanAnswer(result);
        S.Events.Add(scan.EventId, hash, answer);
        CountIngested();
        await PersistAsync();
        await CountAgainstAsync(scan, result);
        return Ack<ScanAnswer>.Applied(answer);
    }

    private async Task<ScanResult> CheckAsync(ScanCommand scan, string? sellerId)
    {
        if (!TransparencyCodes.TryParse(scan.Code, out var brandId, out var serial, out var mac)
            || !await GrainFactory.GetGrain<IBrandGrain>(brandId).VerifyCode(serial, mac))
        {
            return ScanResult.Unknown;
        }

        if (!string.Equals(brandId, scan.BrandId, StringComparison.Ordinal))
        {
            return ScanResult.WrongBrand;
        }

        S.Scans++;
        if (sellerId is not null)
        {
            S.Sellers.Add(sellerId);
        }

        S.Cloned |= S.Sellers.Count > 1 || S.Scans > policies.Current.Policy.Enforcement.MaxScansPerCode;
        return S.Cloned ? ScanResult.Cloned : ScanResult.Authentic;
    }

    /// <summary>Unknown, cloned and wrong-brand scans count against the listing, or else the seller (once per eventId).</summary>
    private async Task CountAgainstAsync(ScanCommand scan, ScanResult result)
    {
        if (result == ScanResult.Authentic)
        {
            // Not an outcome either: an authentic scan proves the code, not the goods (a copied
            // code scans authentic on its first use), so it would label counterfeits legitimate.
            return;
        }

        if (scan.ListingId is not null)
        {
            // The failed scan judges the listing: recorded with its risk before the failure counts against it.
            await OutcomeRecorder.RecordListingAsync(GrainFactory, policies.Current.Policy, $"scan:{scan.EventId}", OutcomeSource.Scan,
                scan.ListingId, infringing: true, Names.Of(result), clock.UtcNow);
        }

        if (scan.ListingId is not null && await GrainFactory.Listing(scan.ListingId).RecordScanFailure(scan.EventId, result, scan.Code))
        {
            return;
        }

        if (scan.SellerId is not null)
        {
            await GrainFactory.GetGrain<ISellerGrain>(scan.SellerId).RecordScanFailure(scan.EventId, result, scan.Code);
        }
    }
}

/// <summary>A scanned code's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.TransparencyCodeState")]
internal sealed class TransparencyCodeState
{
    [Id(0)] public long Scans { get; set; }
    [Id(1)] public HashSet<string> Sellers { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public bool Cloned { get; set; }
    [Id(3)] public EventWindow Events { get; set; } = new();
}
