using System.Globalization;
using System.Text;
using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using StackExchange.Redis;

namespace IpGuard.Silo;

/// <summary>
/// Grain state in Redis, in the layout of Orleans' Redis storage (a hash of <c>etag</c> and
/// <c>data</c> at <c>{ServiceId}/state/{type}/{key}/{grainType}</c>, so stored state reads either
/// way), and one thing more: a write that carries staged events
/// (<see cref="IEventSource.Appending"/>) appends them to their event-log partitions in the same
/// script that checks the ETag and stores the state. The change and its events exist together
/// or not at all, in one round trip, with nothing to mark before or clear after. A state that
/// still has changes to send to other grains (<see cref="IHoldsUnsent"/>) is marked in the same
/// script (<see cref="IUnsentMarks"/>), so a crash before the sends leaves a mark to sweep.
/// </summary>
/// <remarks>
/// The script touches the state key, the unsent marks and the partitions' stream keys together,
/// which a single Redis server (or a primary with replicas) allows; Redis Cluster would need the
/// keys to share a hash slot.
/// </remarks>
internal sealed class RedisStateStorage(string connectionString, string serviceId, IServiceProvider services) : IGrainStorage, IUnsentMarks, IAsyncDisposable
{
    /// <summary>
    /// The newest entry the MINID trim removes is kept as <see cref="RedisEventStore.RecordTrimLua"/>
    /// says. ARGV: etag, new etag, data, MINID (0: no trim this time, see <see cref="StreamTrims"/>),
    /// event count, the unsent mark's score ('': no mark) and member, then per event its stream's
    /// index and six fields. KEYS: the state, the unsent marks, then per stream its key and the
    /// key of its newest trimmed id (see <see cref="RedisEventStore"/>). A mark is scored by its
    /// write's stamp (<see cref="NextStamp"/>), so a clear asked for before the write leaves it.
    /// </summary>
    private const string WriteScript = RedisEventStore.RecordTrimLua + """
        local etag = redis.call('HGET', KEYS[1], 'etag')
        if not (((not etag or etag == '') and ARGV[1] == '') or etag == ARGV[1]) then
          return -1
        end
        redis.call('HSET', KEYS[1], 'etag', ARGV[2], 'data', ARGV[3])
        if ARGV[6] ~= '' then
          redis.call('ZADD', KEYS[2], ARGV[6], ARGV[7])
        end
        local n = tonumber(ARGV[5])
        if n == 0 then return 0 end
        local trim = ARGV[4] ~= '0'
        if trim then
          for k = 3, #KEYS, 2 do
            record_trim(KEYS[k], KEYS[k + 1], ARGV[4])
          end
        end
        for i = 0, n - 1 do
          local f = 8 + i * 7
          local k = 3 + tonumber(ARGV[f]) * 2
          if trim then
            redis.call('XADD', KEYS[k], 'MINID', ARGV[4], '*', 'i', ARGV[f + 1], 't', ARGV[f + 2], 'a', ARGV[f + 3], 's', ARGV[f + 4], 'b', ARGV[f + 5], 'd', ARGV[f + 6])
          else
            redis.call('XADD', KEYS[k], '*', 'i', ARGV[f + 1], 't', ARGV[f + 2], 'a', ARGV[f + 3], 's', ARGV[f + 4], 'b', ARGV[f + 5], 'd', ARGV[f + 6])
          end
        end
        return 0
        """;

    /// <summary>Clears marks (KEYS[1]) not set again since their clear was asked for. ARGV: per mark its member and the stamp of the ask.</summary>
    private const string UnmarkScript = """
        for i = 1, #ARGV, 2 do
          local at = redis.call('ZSCORE', KEYS[1], ARGV[i])
          if at and tonumber(at) <= tonumber(ARGV[i + 1]) then
            redis.call('ZREM', KEYS[1], ARGV[i])
          end
        end
        return 0
        """;

    private const string ClearScript = """
        local etag = redis.call('HGET', KEYS[1], 'etag')
        if not (((not etag or etag == '') and ARGV[1] == '') or etag == ARGV[1]) then
          return -1
        end
        redis.call('HSET', KEYS[1], 'etag', ARGV[2], 'data', '')
        return 0
        """;

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(IpGuardSilo.RedisConfiguration(connectionString)));
    private readonly byte[] _prefix = Encoding.UTF8.GetBytes($"{serviceId}/state/");
    private readonly RedisKey _unsentKey = $"{serviceId}/unsent";
    private Orleans.Serialization.Serializer? _serializer;
    private IActivatorProvider? _activators;
    private EventLog? _log;
    private RiskClock? _clock;
    private GroupCommit<RedisValue>? _unmarks;
    private long _stamp;
    private readonly StreamTrims _trims = new();

    /// <summary>
    /// ETags are this storage's random prefix and a count of its writes: unique like a GUID, but
    /// without asking the kernel for random bytes on every write (<c>Guid.NewGuid</c> reads them
    /// with a system call on Linux, 2% of ingest's CPU).
    /// </summary>
    private readonly string _etagPrefix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
    private long _etags;

    /// <summary>
    /// Orleans' serializer, in the format of its <see cref="OrleansGrainStorageSerializer"/>, but
    /// written through a pooled buffer into one array of the state's size: the storage serializer
    /// grows a fresh buffer by doubling, which was a tenth of ingest's allocations.
    /// </summary>
    private Orleans.Serialization.Serializer Serializer => _serializer ??= services.GetRequiredService<Orleans.Serialization.Serializer>();

    private IActivatorProvider Activators => _activators ??= services.GetRequiredService<IActivatorProvider>();

    private EventLog Log => _log ??= services.GetRequiredService<EventLog>();

    /// <summary>The grains' clock, which the sweeper reads marks by.</summary>
    private RiskClock Clock => _clock ??= services.GetRequiredService<RiskClock>();

    public async Task ReadStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(grainType, grainId);
        HashEntry[] entries;
        try
        {
            entries = await (await Database()).HashGetAllAsync(key).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new RedisStorageException($"Reading the state of {grainId} failed: {e.GetType().Name}: {e.Message}", e);
        }

        RedisValue etag = default, data = default;
        foreach (var entry in entries)
        {
            if (entry.Name == "etag")
            {
                etag = entry.Value;
            }
            else if (entry.Name == "data")
            {
                data = entry.Value;
            }
        }

        grainState.ETag = etag.IsNullOrEmpty ? null : (string?)etag;
        if (!data.IsNullOrEmpty)
        {
            grainState.State = Serializer.Deserialize<T>((ReadOnlyMemory<byte>)data);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activators.GetActivator<T>().Create();
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(grainType, grainId);
        var etag = NextETag();
        var events = grainState.State is IEventSource { Appending: { Count: > 0 } appending } ? appending : null;
        var keys = new List<RedisKey>(4) { key, _unsentKey };
        var args = new RedisValue[7 + ((events?.Count ?? 0) * (1 + RedisEventStore.EventArgCount))];
        args[0] = grainState.ETag ?? "";
        args[1] = etag;
        args[2] = Serializer.SerializeToArray(grainState.State);
        args[3] = 0;
        args[4] = events?.Count ?? 0;
        var unsent = grainState.State is IHoldsUnsent { HasUnsent: true };
        args[5] = unsent ? NextStamp() : RedisValue.EmptyString;
        args[6] = unsent ? grainId.ToString() : RedisValue.EmptyString;
        if (events is not null)
        {
            var streams = new List<int>(1);
            var trimAt = 0L;
            var a = 7;
            foreach (var e in events)
            {
                var partition = Log.PartitionOf(e.Subject);
                var index = streams.IndexOf(partition);
                if (index < 0)
                {
                    index = streams.Count;
                    streams.Add(partition);
                    keys.Add(RedisEventStore.StreamKey(serviceId, partition));
                    keys.Add(RedisEventStore.TrimmedKey(serviceId, partition));
                    trimAt = Math.Max(trimAt, _trims.MinIdIfDue(partition, Log.Retention));
                }

                args[a++] = index;
                a = RedisEventStore.WriteEventArgs(args, a, e);
            }

            // One partition due trims them all in this write: they share the one MINID.
            args[3] = trimAt;
        }

        RedisResult result;
        try
        {
            result = await (await Database()).ScriptEvaluateAsync(WriteScript, [.. keys], args).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new RedisStorageException($"Writing the state of {grainId} failed: {e.GetType().Name}: {e.Message}", e);
        }

        if ((int)result == -1)
        {
            throw new InconsistentStateException($"Version conflict writing the state of {grainId} (ETag {grainState.ETag})");
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = NextETag();
        RedisResult result;
        try
        {
            result = await (await Database()).ScriptEvaluateAsync(ClearScript, [Key(grainType, grainId)], [grainState.ETag ?? "", etag]).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new RedisStorageException($"Clearing the state of {grainId} failed: {e.GetType().Name}: {e.Message}", e);
        }

        if ((int)result == -1)
        {
            throw new InconsistentStateException($"Version conflict clearing the state of {grainId} (ETag {grainState.ETag})");
        }

        grainState.ETag = etag;
        grainState.State = Activators.GetActivator<T>().Create();
        grainState.RecordExists = false;
    }

    /// <summary>
    /// Queued, and sent with the clears other grains ask for meanwhile in one script: stamped now,
    /// it removes the mark only if no write marked the record since, whenever it arrives. A clear
    /// that fails is dropped: the mark costs the sweeper one call that finds nothing to send.
    /// </summary>
    public void Unmark(GrainId record)
    {
        var unmarks = LazyInitializer.EnsureInitialized(ref _unmarks, () => new(async batch =>
        {
            try
            {
                await (await Database()).ScriptEvaluateAsync(UnmarkScript, [_unsentKey], [.. batch]).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Left for the sweeper (above).
            }
        }));
        _ = unmarks.Add([record.ToString(), NextStamp()]);
    }

    public async Task<IReadOnlyList<string>> MarkedBeforeAsync(DateTimeOffset before, int max)
    {
        var found = await (await Database()).SortedSetRangeByScoreAsync(_unsentKey, double.NegativeInfinity, Stamp(before), take: max).ConfigureAwait(false);
        return [.. found.Select(v => v.ToString())];
    }

    /// <summary>
    /// Microseconds since 1970 by the grains' clock, and each later than the one before: a write
    /// that marks a record after a clear was asked for is stamped after the clear's stamp.
    /// </summary>
    private long NextStamp()
    {
        var now = Stamp(Clock.UtcNow);
        while (true)
        {
            var last = Volatile.Read(ref _stamp);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _stamp, next, last) == last)
            {
                return next;
            }
        }
    }

    private static long Stamp(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    private string NextETag() => string.Concat(_etagPrefix, Interlocked.Increment(ref _etags).ToString("x", CultureInfo.InvariantCulture));

    /// <summary>
    /// The connection, once made. Continuations need not return to the grain's turn (Orleans'
    /// storage bridge does that): the state is read and answered where Redis completes it.
    /// </summary>
    private async ValueTask<IDatabase> Database() => (await _connection.Value.ConfigureAwait(false)).GetDatabase();

    /// <summary>Orleans' Redis storage key: <c>{ServiceId}/state/{grain id type}/{grain id key}/{grain type}</c>.</summary>
    private RedisKey Key(string grainType, GrainId grainId)
    {
        var type = grainId.Type.AsSpan();
        var id = grainId.Key.AsSpan();
        var key = new byte[_prefix.Length + type.Length + 1 + id.Length + 1 + Encoding.UTF8.GetByteCount(grainType)];
        var at = 0;
        _prefix.CopyTo(key, at);
        at += _prefix.Length;
        type.CopyTo(key.AsSpan(at));
        at += type.Length;
        key[at++] = (byte)'/';
        id.CopyTo(key.AsSpan(at));
        at += id.Length;
        key[at++] = (byte)'/';
        Encoding.UTF8.GetBytes(grainType, key.AsSpan(at));
        return key;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            (await _connection.Value).Dispose();
        }
    }
}

/// <summary>Redis could not be reached or answered an error; the grain's change is not written.</summary>
internal sealed class RedisStorageException(string message, Exception inner) : Exception(message, inner);
