using System.Globalization;
using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using StackExchange.Redis;
using StreamPosition = IpGuard.GrainInterfaces.StreamPosition;

namespace IpGuard.Silo;

/// <summary>
/// The event log in Redis streams, one a partition (<c>{ServiceId}/events/{n}</c>). An append
/// trims entries older than the retention (XADD MINID), at most once a <see cref="StreamTrims"/>
/// period a partition, and keeps the newest id it trimmed beside the stream, by which a reader
/// knows its cursor is past retention.
/// </summary>
internal sealed class RedisEventStore(string connectionString, string serviceId, bool appendsWithStateWrites = false) : IEventStore, IAsyncDisposable
{
    /// <summary>True when the grain storage is <see cref="RedisStateStorage"/> on the same Redis.</summary>
    public bool AppendsWithStateWrites => appendsWithStateWrites;

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(IpGuardSilo.RedisConfiguration(connectionString)));

    /// <summary>
    /// Appends the events (six fields each) in one step, trimming entries older than MINID, and
    /// first records the newest entry the trim removes (looked for only when the oldest entry is
    /// older than MINID: the search costs more than the append): a reader whose cursor is before it missed
    /// events and gets 410 (Redis keeps no such id for trimming itself).
    /// </summary>
    private const string AppendScript = RecordTrimLua + """
        local trim = ARGV[1] ~= '0'
        if trim then record_trim(KEYS[1], KEYS[2], ARGV[1]) end
        local n = tonumber(ARGV[2])
        for i = 0, n - 1 do
          local f = 3 + i * 6
          if trim then
            redis.call('XADD', KEYS[1], 'MINID', ARGV[1], '*', 'i', ARGV[f], 't', ARGV[f + 1], 'a', ARGV[f + 2], 's', ARGV[f + 3], 'b', ARGV[f + 4], 'd', ARGV[f + 5])
          else
            redis.call('XADD', KEYS[1], '*', 'i', ARGV[f], 't', ARGV[f + 1], 'a', ARGV[f + 2], 's', ARGV[f + 3], 'b', ARGV[f + 4], 'd', ARGV[f + 5])
          end
        end
        return n
        """;

    /// <summary>
    /// A Lua function for the scripts that append (here and <see cref="RedisStateStorage"/>):
    /// before an XADD with MINID, it keeps the newest entry the trim will remove beside the stream.
    /// It looks only when the oldest entry is older than MINID: XREVRANGE from MINID costs ~35 µs of
    /// Redis CPU even when it finds nothing, more than the append.
    /// </summary>
    public const string RecordTrimLua = """
        local function record_trim(stream, trimmed_key, minid)
          local oldest = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)
          if #oldest > 0 and tonumber(string.match(oldest[1][1], '^%d+')) < tonumber(minid) then
            local trimmed = redis.call('XREVRANGE', stream, '(' .. minid .. '-0', '-', 'COUNT', 1)
            if #trimmed > 0 then redis.call('SET', trimmed_key, trimmed[1][1]) end
          end
        end

        """;

    /// <summary>One group commit a partition: the events of many grains go in one script call.</summary>
    private readonly Dictionary<int, GroupCommit<LoggedEvent>> _appends = [];

    private readonly StreamTrims _trims = new();

    private readonly Lock _appendsLock = new();

    /// <summary>Marks of many grains in one ZADD.</summary>
    private GroupCommit<(string GrainId, long At)>? _marks;

    public Task AppendAsync(int partition, IReadOnlyList<LoggedEvent> events, TimeSpan retention)
    {
        GroupCommit<LoggedEvent>? appends;
        lock (_appendsLock)
        {
            if (!_appends.TryGetValue(partition, out appends))
            {
                _appends[partition] = appends = new(batch => AppendBatchAsync(partition, retention, batch));
            }
        }

        // A grain awaits its append before it appends again, so a subject's events keep their order.
        return appends.Add(events);
    }

    private async Task AppendBatchAsync(int partition, TimeSpan retention, List<LoggedEvent> batch)
    {
        var db = (await _connection.Value).GetDatabase();
        var args = new RedisValue[2 + (batch.Count * EventArgCount)];
        args[0] = _trims.MinIdIfDue(partition, retention);
        args[1] = batch.Count;
        var a = 2;
        foreach (var e in batch)
        {
            a = WriteEventArgs(args, a, e);
        }

        await db.ScriptEvaluateAsync(AppendScript, [Key(partition), TrimmedKey(partition)], args);
    }

    public async Task<PartitionRange> RangeAsync(int partition, StreamPosition after, int count)
    {
        var db = (await _connection.Value).GetDatabase();
        if (count == 0)
        {
            return new PartitionRange([], default, await LastIdAsync(db, Key(partition)));
        }

        var trimmedRead = db.StringGetAsync(TrimmedKey(partition));
        var entries = await db.StreamRangeAsync(Key(partition), "(" + after, "+", count);
        StreamPosition.TryParse((string?)await trimmedRead, out var trimmed);
        var read = new List<PartitionEntry>(entries.Length);
        foreach (var entry in entries)
        {
            if (StreamPosition.TryParse(entry.Id, out var position) && Read(entry) is { } e)
            {
                read.Add(new PartitionEntry(position, e));
            }
        }

        return new PartitionRange(read, trimmed, default);
    }

    private static async Task<StreamPosition> LastIdAsync(IDatabase db, RedisKey key)
    {
        try
        {
            var fields = (RedisResult[])(await db.ExecuteAsync("XINFO", "STREAM", key))!;
            for (var i = 0; i + 1 < fields.Length; i += 2)
            {
                if ((string?)fields[i] == "last-generated-id" && StreamPosition.TryParse((string?)fields[i + 1], out var last))
                {
                    return last;
                }
            }
        }
        catch (RedisServerException e) when (e.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            // Nothing appended yet.
        }

        return default;
    }

    private static LoggedEvent? Read(StreamEntry entry)
    {
        string? id = null, type = null, subject = null, brand = null, data = null;
        long at = 0;
        foreach (var field in entry.Values)
        {
            switch ((string?)field.Name)
            {
                case "i": id = field.Value; break;
                case "t": type = field.Value; break;
                case "a": at = (long)field.Value; break;
                case "s": subject = field.Value; break;
                case "b": brand = field.Value; break;
                case "d": data = field.Value; break;
            }
        }

        return id is null || type is null || subject is null || data is null
            ? null
            : new LoggedEvent(id, type, DateTimeOffset.FromUnixTimeMilliseconds(at), subject, string.IsNullOrEmpty(brand) ? null : brand, data);
    }

    public Task MarkStagedAsync(string grainId, DateTimeOffset at)
    {
        var marks = LazyInitializer.EnsureInitialized(ref _marks, () => new(async batch =>
        {
            var entries = batch.Select(m => new SortedSetEntry(m.GrainId, m.At)).ToArray();
            await (await _connection.Value).GetDatabase().SortedSetAddAsync(StagedKey, entries, SortedSetWhen.NotExists);
        }));
        return marks.Add([(grainId, at.ToUnixTimeMilliseconds())]);
    }

    /// <summary>
    /// Not awaited by Redis: a mark left behind only costs the sweeper a call that finds nothing.
    /// Sent on the connection before any later mark of the same grain, so it never removes one.
    /// </summary>
    public async Task ClearStagedAsync(string grainId) =>
        await (await _connection.Value).GetDatabase().SortedSetRemoveAsync(StagedKey, grainId, CommandFlags.FireAndForget);

    public async Task<IReadOnlyList<string>> StagedBeforeAsync(DateTimeOffset before, int max)
    {
        var found = await (await _connection.Value).GetDatabase().SortedSetRangeByScoreAsync(StagedKey, double.NegativeInfinity, before.ToUnixTimeMilliseconds(), take: max);
        return [.. found.Select(v => v.ToString())];
    }

    /// <summary>The grains holding staged events, scored by when they were first staged.</summary>
    private RedisKey StagedKey => $"{serviceId}/events/staged";

    private RedisKey Key(int partition) => StreamKey(serviceId, partition);

    private RedisKey TrimmedKey(int partition) => TrimmedKey(serviceId, partition);

    /// <summary>
    /// An event's fields as both append scripts read them (<see cref="EventArgCount"/> values from
    /// <paramref name="at"/>); answers the index after them.
    /// </summary>
    public static int WriteEventArgs(RedisValue[] args, int at, LoggedEvent e)
    {
        args[at++] = e.Id;
        args[at++] = e.Type;
        args[at++] = e.At.ToUnixTimeMilliseconds();
        args[at++] = e.Subject;
        args[at++] = e.BrandId ?? "";
        args[at++] = e.Data;
        return at;
    }

    /// <summary>Values <see cref="WriteEventArgs"/> writes for one event.</summary>
    public const int EventArgCount = 6;

    public static RedisKey StreamKey(string serviceId, int partition) => $"{serviceId}/events/{partition.ToString(CultureInfo.InvariantCulture)}";

    public static RedisKey TrimmedKey(string serviceId, int partition) => $"{serviceId}/events/{partition.ToString(CultureInfo.InvariantCulture)}/trimmed";

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            (await _connection.Value).Dispose();
        }
    }
}

/// <summary>
/// When an append also trims its partition's stream. Trimming (XADD MINID, and the look for the
/// oldest entry before it) on every append cost Redis about as much as the append itself, while
/// entries leave retention at one pace: once a period a partition is enough. An entry may then
/// outlive the retention by up to a period; a reader is still told (410) once it is trimmed.
/// Appends racing past one due time may both trim: harmless.
/// </summary>
internal sealed class StreamTrims(TimeProvider? clock = null)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, long> _lastTrim = new();

    /// <summary>
    /// The MINID (Unix milliseconds) to trim <paramref name="partition"/> to now, or 0 (no trim)
    /// when it was trimmed less than a period ago: a tenth of the retention, at most a second.
    /// </summary>
    public long MinIdIfDue(int partition, TimeSpan retention)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        var period = (long)Math.Clamp(retention.TotalMilliseconds / 10, 1, 1000);
        if (_lastTrim.TryGetValue(partition, out var last) && now - last < period)
        {
            return 0;
        }

        _lastTrim[partition] = now;
        return now - (long)retention.TotalMilliseconds;
    }
}
