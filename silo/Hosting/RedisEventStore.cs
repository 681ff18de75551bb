using System.Globalization;
using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using StackExchange.Redis;
using StreamPosition = IpGuard.GrainInterfaces.StreamPosition;

namespace IpGuard.Silo;

/// <summary>
/// The event log in Redis streams, one a partition (<c>{ServiceId}/events/{n}</c>). Each append is
/// an XADD that trims entries older than the retention (MINID, approximate: whole nodes, cheap);
/// Redis keeps the newest trimmed id, by which a reader knows its cursor is past retention.
/// </summary>
internal sealed class RedisEventStore(string connectionString, string serviceId) : IEventStore, IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(IpGuardSilo.RedisConfiguration(connectionString)));

    public async Task AppendAsync(int partition, IReadOnlyList<LoggedEvent> events, TimeSpan retention)
    {
        var db = (await _connection.Value).GetDatabase();
        var key = Key(partition);
        var minId = (DateTimeOffset.UtcNow - retention).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        // Sent back to back on one connection: Redis applies them in this order.
        var adds = new Task[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            adds[i] = db.ExecuteAsync("XADD", key, "MINID", "~", minId, "*",
                "i", e.Id, "t", e.Type, "a", e.At.ToUnixTimeMilliseconds(), "s", e.Subject, "b", e.BrandId ?? "", "d", e.Data);
        }

        await Task.WhenAll(adds);
    }

    public async Task<PartitionRange> RangeAsync(int partition, StreamPosition after, int count)
    {
        var db = (await _connection.Value).GetDatabase();
        var key = Key(partition);
        var info = db.ExecuteAsync("XINFO", "STREAM", key);
        var range = count > 0 ? db.StreamRangeAsync(key, "(" + after, "+", count) : Task.FromResult(Array.Empty<StreamEntry>());
        StreamPosition trimmed = default, last = default;
        try
        {
            var fields = (RedisResult[])(await info)!;
            for (var i = 0; i + 1 < fields.Length; i += 2)
            {
                switch ((string?)fields[i])
                {
                    case "max-deleted-entry-id":
                        StreamPosition.TryParse((string?)fields[i + 1], out trimmed);
                        break;
                    case "last-generated-id":
                        StreamPosition.TryParse((string?)fields[i + 1], out last);
                        break;
                }
            }
        }
        catch (RedisServerException e) when (e.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            // Nothing appended yet.
        }

        var entries = await range;
        var read = new List<PartitionEntry>(entries.Length);
        foreach (var entry in entries)
        {
            if (StreamPosition.TryParse(entry.Id, out var position) && Read(entry) is { } e)
            {
                read.Add(new PartitionEntry(position, e));
            }
        }

        return new PartitionRange(read, trimmed, last);
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

    private RedisKey Key(int partition) => $"{serviceId}/events/{partition.ToString(CultureInfo.InvariantCulture)}";

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            (await _connection.Value).Dispose();
        }
    }
}
