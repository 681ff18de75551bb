using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IpGuard.Grains;

/// <summary>
/// What a listing's photos say, for the listing: one call per image index shard its photos
/// fall in, in parallel, and the silo's registry copy for the brands' official photos. The index
/// is evidence, not a ledger: a shard that fails or does not answer within the call timeout
/// leaves the findings incomplete rather than failing the listing, and marking counterfeit
/// photos never throws.
/// </summary>
internal sealed partial class ImageEvidenceService(
    IGrainFactory grains,
    IOptions<ImageEvidenceOptions> options,
    ILogger<ImageEvidenceService> logger)
{
    /// <summary>
    /// Records that a listing uses these photos (a repeat changes nothing: a listing's seller never
    /// changes, and a seller counts once a photo) and answers what they say about it.
    /// </summary>
    public async Task<ImageFindings> ObserveAsync(
        string listingId,
        string sellerId,
        string? brandId,
        bool sellerAuthorizedForBrand,
        IReadOnlyList<string> hashes,
        RegistryIndex registry)
    {
        var shards = ByShard(hashes);
        if (shards.Count == 0)
        {
            return ImageFindings.None;
        }

        var asks = new Task<IReadOnlyList<ImageSighting>?>[shards.Count];
        for (var i = 0; i < asks.Length; i++)
        {
            var (shard, photos) = shards[i];
            asks[i] = AskAsync(listingId, shard, grain => grain.Observe(new ImageUse(sellerId, brandId, sellerAuthorizedForBrand, photos)));
        }

        var answers = await Task.WhenAll(asks);
        var findings = new Tally(options.Value.StockSellers);
        for (var i = 0; i < answers.Length; i++)
        {
            var photos = shards[i].Photos;
            for (var j = 0; j < photos.Count; j++)
            {
                findings.Add(photos[j], answers[i]?[j], sellerId, brandId, sellerAuthorizedForBrand, registry);
            }
        }

        return findings.ToFindings(complete: Array.TrueForAll(answers, a => a is not null));
    }

    /// <summary>Records that a listing using these photos was removed as counterfeit (a repeat changes nothing). Never throws.</summary>
    public async Task MarkCounterfeitAsync(string listingId, string sellerId, IReadOnlyList<string> hashes)
    {
        var shards = ByShard(hashes);
        await Task.WhenAll(shards.Select(s => AskAsync(listingId, s.Shard, async grain =>
        {
            await grain.MarkCounterfeit(new CounterfeitImages(listingId, sellerId, s.Photos));
            return (IReadOnlyList<ImageSighting>)[];
        })));
    }

    /// <summary>The distinct, non-empty photos grouped by shard.</summary>
    private static List<(int Shard, List<string> Photos)> ByShard(IReadOnlyList<string> hashes)
    {
        var shards = new List<(int Shard, List<string> Photos)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hash in hashes)
        {
            if (string.IsNullOrEmpty(hash) || !seen.Add(hash))
            {
                continue;
            }

            var shard = ImageKeys.Shard(hash);
            var group = shards.FindIndex(s => s.Shard == shard);
            if (group < 0)
            {
                shards.Add((shard, [hash]));
            }
            else
            {
                shards[group].Photos.Add(hash);
            }
        }

        return shards;
    }

    /// <summary>One shard's answer, or null when it failed or took longer than the call timeout.</summary>
    private async Task<IReadOnlyList<ImageSighting>?> AskAsync(
        string listingId, int shard, Func<IImageIndexGrain, Task<IReadOnlyList<ImageSighting>>> call)
    {
        try
        {
            return await call(grains.GetGrain<IImageIndexGrain>(ImageKeys.ShardKey(shard))).WaitAsync(options.Value.CallTimeout);
        }
        catch (Exception e)
        {
            LogShardFailed(logger, shard, listingId, e.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Image index shard {Shard} did not answer for listing {ListingId} ({ExceptionType}); its photos count as unseen")]
    private static partial void LogShardFailed(ILogger logger, int shard, string listingId, string exceptionType);

    /// <summary>Counts each photo once, under the strongest reading that holds (see <see cref="ImageFindings"/>).</summary>
    private sealed class Tally(int stockSellers)
    {
        private readonly List<string> _taintedBy = [];
        private int _photos;
        private int _official;
        private int _otherBrand;
        private int _tainted;
        private int _stock;
        private int _shared;

        public void Add(string hash, ImageSighting? seen, string sellerId, string? brandId, bool authorized, RegistryIndex registry)
        {
            _photos++;
            var others = seen?.OtherSellers ?? 0;
            var stock = others > stockSellers;
            var registeredBy = registry.OfficialBrandsOf(hash);
            if (brandId is not null && !authorized && (registeredBy.Contains(brandId) || (seen is { UsedByBrandAuthorized: true } && !stock)))
            {
                _official++;
            }
            else if (registeredBy.Any(b => b != brandId && !registry.IsAuthorized(b, sellerId)))
            {
                _otherBrand++;
            }
            else if (brandId is not null && authorized && (registeredBy.Contains(brandId) || seen is { UsedByBrandAuthorized: true }))
            {
                // The brand's own photo in the hands of a seller it authorized: counterfeiters who
                // stole it and were removed say nothing against the seller whose photo it is.
            }
            else if (seen is { CounterfeitSellers: > 0 } && (!stock || seen.CounterfeitSellers * 2 > others))
            {
                // A widely shared photo (a catalogue shot the brand never registered, say, which
                // counterfeiters steal too) is tainted only when counterfeit sellers are most of its users.
                _tainted++;
                foreach (var id in seen.CounterfeitSellerIds)
                {
                    if (_taintedBy.Count < ImageShardIndex.KeptCounterfeitSellers && !_taintedBy.Contains(id))
                    {
                        _taintedBy.Add(id);
                    }
                }
            }
            else if (stock)
            {
                _stock++;
            }
            else if (others > 0)
            {
                _shared++;
            }
        }

        public ImageFindings ToFindings(bool complete) =>
            new(_photos, _official, _otherBrand, _tainted, _stock, _shared, _taintedBy, complete);
    }
}
