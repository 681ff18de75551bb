using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Grains.Scoring;
using IpGuard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IpGuard.Tests.Grains;

public sealed class ImageEvidenceServiceTests
{
    [Fact(DisplayName = "Images: a shard that fails or does not answer in time leaves the findings incomplete, while the other shards and the registry still count, and marking a removal never throws")]
    public async Task AFailingShardDoesNotFailTheListing()
    {
        // Three photos in three shards: one answers, one fails, one never answers.
        var photos = new List<string>();
        for (var i = 0; photos.Count < 3; i++)
        {
            var photo = $"img-{i}";
            if (photos.TrueForAll(p => ImageKeys.Shard(p) != ImageKeys.Shard(photo)))
            {
                photos.Add(photo);
            }
        }

        var answering = new AnsweringShard();
        var shards = new Dictionary<string, IImageIndexGrain>
        {
            [ImageKeys.ShardKey(ImageKeys.Shard(photos[0]))] = answering,
            [ImageKeys.ShardKey(ImageKeys.Shard(photos[1]))] = new FailingShard(),
            [ImageKeys.ShardKey(ImageKeys.Shard(photos[2]))] = new SilentShard(),
        };
        var service = new ImageEvidenceService(new StringKeyGrains(key => shards[key]),
            Options.Create(new ImageEvidenceOptions { CallTimeout = TimeSpan.FromMilliseconds(200) }), NullLogger<ImageEvidenceService>.Instance);
        var registry = new RegistryIndex(1, [Events.Brand("b-1", "Quorra") with { OfficialImageHashes = [photos[1]] }]);

        var findings = await service.ObserveAsync("l-1", "s-1", "b-1", false, photos, registry);

        Assert.False(findings.Complete);
        Assert.Equal((3, 1, 1), (findings.Photos, findings.OfficialPhotos, findings.SharedPhotos));
        await service.MarkCounterfeitAsync("l-1", "s-1", photos);
        Assert.Equal(1, answering.Marked);
    }

    [Fact(DisplayName = "Images: a brand's own photo on a listing of a seller it authorized is not counterfeit evidence, though counterfeiters who stole it were removed; on an unauthorized seller's listing it is the brand's own photo, on an unbranded one it is counterfeit")]
    public async Task StolenOfficialPhotosDoNotTaintTheAuthorizedSeller()
    {
        var shard = new TaintedShard();
        var service = new ImageEvidenceService(new StringKeyGrains(_ => shard),
            Options.Create(new ImageEvidenceOptions()), NullLogger<ImageEvidenceService>.Instance);
        var registry = new RegistryIndex(1, [Events.Brand("b-1", "Quorra") with { OfficialImageHashes = ["official-1"] }]);

        var authorized = await service.ObserveAsync("l-1", "dealer", "b-1", true, ["official-1", "catalogue-1"], registry);
        var unauthorized = await service.ObserveAsync("l-2", "stranger", "b-1", false, ["official-1"], registry);
        var unbranded = await service.ObserveAsync("l-3", "stranger", null, false, ["catalogue-1"], registry);

        Assert.Equal((0, 0), (authorized.TaintedPhotos, authorized.OfficialPhotos));
        Assert.Equal(1, unauthorized.OfficialPhotos);
        Assert.Equal(1, unbranded.TaintedPhotos);
    }

    /// <summary>A shard where every photo was seen on another seller's listing removed as counterfeit, and is used by the asking brand's authorized sellers when a brand is asked about.</summary>
    private sealed class TaintedShard : IImageIndexGrain
    {
        public Task<IReadOnlyList<ImageSighting>> Observe(ImageUse use) =>
            Task.FromResult<IReadOnlyList<ImageSighting>>([.. use.Hashes.Select(_ => new ImageSighting(1, use.BrandId is not null, 1, 1, ["fake-seller"]))]);

        public Task MarkCounterfeit(CounterfeitImages removal) => Task.CompletedTask;

        public Task<ImageShardStats> GetStats() => throw new NotSupportedException();
    }

    /// <summary>A shard where every photo has one other seller.</summary>
    private sealed class AnsweringShard : IImageIndexGrain
    {
        public int Marked { get; private set; }

        public Task<IReadOnlyList<ImageSighting>> Observe(ImageUse use) =>
            Task.FromResult<IReadOnlyList<ImageSighting>>([.. use.Hashes.Select(_ => new ImageSighting(1, false, 0, 0, []))]);

        public Task MarkCounterfeit(CounterfeitImages removal)
        {
            Marked++;
            return Task.CompletedTask;
        }

        public Task<ImageShardStats> GetStats() => throw new NotSupportedException();
    }

    /// <summary>A shard whose activation fails, as when its storage cannot be read.</summary>
    private sealed class FailingShard : IImageIndexGrain
    {
        public Task<IReadOnlyList<ImageSighting>> Observe(ImageUse use) => Task.FromException<IReadOnlyList<ImageSighting>>(new TimeoutException("storage"));

        public Task MarkCounterfeit(CounterfeitImages removal) => Task.FromException(new TimeoutException("storage"));

        public Task<ImageShardStats> GetStats() => throw new NotSupportedException();
    }

    /// <summary>A shard that never answers.</summary>
    private sealed class SilentShard : IImageIndexGrain
    {
        public Task<IReadOnlyList<ImageSighting>> Observe(ImageUse use) => new TaskCompletionSource<IReadOnlyList<ImageSighting>>().Task;

        public Task MarkCounterfeit(CounterfeitImages removal) => new TaskCompletionSource().Task;

        public Task<ImageShardStats> GetStats() => throw new NotSupportedException();
    }
}
