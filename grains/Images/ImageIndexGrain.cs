using IpGuard.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace IpGuard.Grains;

/// <summary>
/// One shard of the image index. Calls only touch memory and answer at once; the evidence tier is
/// written from a timer one flush interval after it first changed (an idle shard keeps no timer
/// running: 128 shards ticking would wake an idle silo several times a second), in an
/// interleaved turn, so a write never holds up a listing. A crash loses what changed since the
/// last write, which weakens detection for a while and breaks nothing: this is evidence, not a
/// ledger, and a write per event would cost ingest a storage round trip per photo.
/// </summary>
[GrainType("image-index")]
internal sealed partial class ImageIndexGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<ImageShardState> state,
    IOptions<ImageEvidenceOptions> options,
    ILogger<ImageIndexGrain> logger) : Grain, IImageIndexGrain
{
    private readonly ImageShardIndex _index = new(options.Value.ShardCapacity);
    private Task _flush = Task.CompletedTask;
    private IGrainTimer? _timer;
    private bool _scheduled;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _index.Load(state.State.Records ?? []);
        state.State.Records = null;
        _timer = this.RegisterGrainTimer(_ => FlushOnTimerAsync(), new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = false });
        return base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _flush.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        if (StorageNames.WriteOnShutdown(ServiceProvider, reason))
        {
            await FlushAsync();
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<IReadOnlyList<ImageSighting>> Observe(ImageUse use)
    {
        var seller = ImageKeys.Id(use.SellerId);
        ulong? brand = use.BrandId is null ? null : ImageKeys.Id(use.BrandId);
        var answers = new ImageSighting[use.Hashes.Count];
        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = _index.Observe(ImageKeys.Of(use.Hashes[i]), use.SellerId, seller, brand, use.SellerAuthorizedForBrand);
        }

        ScheduleFlush();

        return Task.FromResult<IReadOnlyList<ImageSighting>>(answers);
    }

    public Task MarkCounterfeit(CounterfeitImages removal)
    {
        var listing = ImageKeys.Id(removal.ListingId);
        var seller = ImageKeys.Id(removal.SellerId);
        foreach (var hash in removal.Hashes)
        {
            _index.MarkCounterfeit(ImageKeys.Of(hash), listing, removal.SellerId, seller);
        }

        ScheduleFlush();

        return Task.CompletedTask;
    }

    public Task<ImageShardStats> GetStats() => Task.FromResult(new ImageShardStats(_index.Count, _index.Capacity, _index.EvidenceCount));

    /// <summary>Starts the one-shot flush timer when the evidence tier changed and none is pending.</summary>
    private void ScheduleFlush()
    {
        if (_index.Dirty && !_scheduled && _timer is not null)
        {
            _scheduled = true;
            _timer.Change(options.Value.FlushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FlushOnTimerAsync()
    {
        _scheduled = false;
        await FlushAsync();

        // A failed write marked the tier dirty again: it is tried one interval later.
        ScheduleFlush();
    }

    /// <summary>Writes the evidence tier if it changed; a failure leaves it to the next tick.</summary>
    private Task FlushAsync()
    {
        if (!_flush.IsCompleted)
        {
            return _flush;
        }

        var records = _index.TakeSnapshot();
        return records is null ? Task.CompletedTask : _flush = WriteAsync(records);
    }

    private async Task WriteAsync(List<ImageRecord> records)
    {
        state.State.Records = records;
        try
        {
            await state.WriteStateAsync();
            LogFlushed(logger, this.GetPrimaryKeyString(), records.Count);
        }
        catch (Exception e)
        {
            _index.MarkDirty();
            LogFlushFailed(logger, this.GetPrimaryKeyString(), e.GetType().Name);
            if (e is InconsistentStateException)
            {
                // The stored record moved on (a write whose answer was lost, or another activation):
                // take its ETag so the next write replaces it. The index in memory stays as it is.
                await ReadQuietlyAsync();
            }
        }
        finally
        {
            state.State.Records = null;
        }
    }

    private async Task ReadQuietlyAsync()
    {
        try
        {
            await state.ReadStateAsync();
        }
        catch (Exception e)
        {
            LogFlushFailed(logger, this.GetPrimaryKeyString(), e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Image index shard {Shard} stored {Records} evidence hashes")]
    private static partial void LogFlushed(ILogger logger, string shard, int records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Image index shard {Shard} could not be stored ({ExceptionType}); it is tried again at the next interval")]
    private static partial void LogFlushFailed(ILogger logger, string shard, string exceptionType);
}
