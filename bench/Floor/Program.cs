using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using IpGuard.Floor;
using IpGuard.Grains;
using IpGuard.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

// The floors under IpGuard's figures: what one bare Orleans silo on this machine does with the
// least a grain per listing can be (IFloorGrain), through the same Redis storage and GC, with no
// HTTP, no network hop (the callers share the silo's process), no risk model and no seller or brand.
//   calls   grain calls answered from memory
//   writes  grain calls that each write their grain's state to Redis before answering
//   events  a write, then a call to an owner grain that writes too (--owners of them), as a
//           listing event is at the least: the listing's write and its seller's (--tell: on what
//           share of events the owner is told; IpGuard's seller skips a write when nothing it
//           carries changed)
//   memory  working set and GC heap per activation, after N grains have come alive
const string Usage = """
    usage: IpGuard.Floor calls|writes|events|memory [options]
           IpGuard.Floor table DIR    a markdown table of the JSON files (calls, writes, events, memory) in DIR
      --redis HOST:PORT   grain state in this Redis (default: in memory, for a quick look)
      --redis-pid N       also report the Redis server's CPU per call (from /proc)
      --keys 100000       grains the calls and writes go round (all alive before measuring)
      --owners 10000      owner grains (events): o0 … o9999, grain i tells o(i mod owners)
      --tell 100          percent of events that also write their owner (events)
      --grains 1000000    grains to bring alive (memory)
      --concurrency 512   calls in flight
      --duration 30s      measured time; --warmup 5s before it
      --out FILE          also write the result as JSON
    """;

if (args is ["table", var directory])
{
    Console.Write(FloorTable.Markdown(directory));
    return 0;
}

if (args.Length == 0 || args[0] is not ("calls" or "writes" or "events" or "memory"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var mode = args[0];
string? redis = null, outFile = null;
int? redisPid = null;
int keys = 100_000, owners = 10_000, tell = 100, grainCount = 1_000_000, concurrency = 512;
var duration = TimeSpan.FromSeconds(30);
var warmup = TimeSpan.FromSeconds(5);
for (var i = 1; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--redis": redis = Value(); break;
        case "--redis-pid": redisPid = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--keys": keys = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--owners": owners = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--tell": tell = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--grains": grainCount = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--concurrency": concurrency = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--duration": duration = Seconds(Value()); break;
        case "--warmup": warmup = Seconds(Value()); break;
        case "--out": outFile = Value(); break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}\n{Usage}");
            return 2;
    }
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Not the stop's per-stage timings, nor the lag warnings of a silo run flat out on purpose.
builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
builder.Logging.AddFilter("Orleans.Runtime.AsyncTimer", LogLevel.Error);
builder.Logging.AddFilter("Orleans.Runtime.Scheduler.WorkItemGroup", LogLevel.Error);
builder.UseOrleans(silo =>
{
    // A fresh service id a run: its grains never read another run's state.
    silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: $"floor-{Guid.NewGuid():N}", clusterId: "floor");
    if (redis is null)
    {
        silo.AddMemoryGrainStorage(StorageNames.Default);
    }
    else
    {
        silo.AddIpGuardRedisStorage(redis);
    }

    // Nothing is collected while it runs.
    silo.Configure<GrainCollectionOptions>(collection => collection.CollectionAge = TimeSpan.FromHours(2));
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
Console.WriteLine($"floor {mode}: {(redis is null ? "state in memory" : $"state in Redis {redis}")}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");

object result = mode == "memory"
    ? await MemoryAsync(grains, grainCount, concurrency)
    : await CallsAsync(grains, mode, keys, owners, tell, concurrency, warmup, duration, redisPid);
if (outFile is not null)
{
    await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
}

await host.StopAsync();
return 0;

static async Task<CallFloor> CallsAsync(IGrainFactory grains, string mode, int keys, int owners, int tell, int concurrency, TimeSpan warmup, TimeSpan duration, int? redisPid)
{
    var refs = new IFloorGrain[keys];
    for (var i = 0; i < keys; i++)
    {
        refs[i] = grains.GetGrain<IFloorGrain>($"f{i}");
    }

    var ownerKeys = Enumerable.Range(0, owners).Select(i => $"o{i}").ToArray();

    // Every grain alive first (each activation reads Redis once), as listings are in a long ingest.
    await Parallel.ForEachAsync(refs, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (grain, _) => await grain.Read());
    if (mode == "events")
    {
        await Parallel.ForEachAsync(ownerKeys, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (owner, _) => await grains.GetGrain<IFloorGrain>(owner).Read());
    }

    long next = -1, done = 0, errors = 0;
    var stop = false;
    async Task Caller()
    {
        await Task.Yield();
        while (!Volatile.Read(ref stop))
        {
            var i = (int)((ulong)Interlocked.Increment(ref next) % (ulong)keys);
            try
            {
                var call = mode switch
                {
                    "writes" => refs[i].Write(i),
                    "events" when i % 100 < tell => refs[i].WriteAndTell(i, ownerKeys[i % ownerKeys.Length]),
                    "events" => refs[i].Write(i),
                    _ => refs[i].Read(),
                };
                await call;

                Interlocked.Increment(ref done);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref errors);
            }
        }
    }

    var callers = Enumerable.Range(0, concurrency).Select(_ => Caller()).ToArray();
    await Task.Delay(warmup);
    var process = Process.GetCurrentProcess();
    var (done0, cpu0, redis0, clock) = (Interlocked.Read(ref done), process.TotalProcessorTime, RedisCpu(redisPid), Stopwatch.StartNew());
    await Task.Delay(duration);
    process.Refresh();
    var (done1, cpu1, redis1, elapsed) = (Interlocked.Read(ref done), process.TotalProcessorTime, RedisCpu(redisPid), clock.Elapsed);
    Volatile.Write(ref stop, true);
    await Task.WhenAll(callers);

    var count = done1 - done0;
    var floor = new CallFloor(mode, keys, concurrency, mode == "events" ? tell : null, elapsed.TotalSeconds, count, count / elapsed.TotalSeconds,
        (cpu1 - cpu0).TotalMicroseconds / count, redisPid is null ? null : (redis1 - redis0).TotalMicroseconds / count, Interlocked.Read(ref errors));
    Console.WriteLine(
        $"{floor.Calls:N0} {floor.Mode} in {floor.Seconds:F1} s over {keys:N0} grains, {concurrency} in flight: {floor.PerSecond:N0}/s, " +
        (floor.TellPercent is { } told ? $"the owner written on {told}% of them, " : "") +
        $"{floor.ProcessCpuMicroseconds:F1} µs of this process's CPU each (the silo and its callers)" +
        (floor.RedisCpuMicroseconds is { } r ? $", {r:F1} µs of Redis's" : "") + $", {floor.Errors} errors");
    return floor;
}

static async Task<MemoryFloor> MemoryAsync(IGrainFactory grains, int count, int concurrency)
{
    var before = await SettledAsync();
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
        async (i, _) => await grains.GetGrain<IFloorGrain>($"m{i}").Read());
    var seconds = clock.Elapsed.TotalSeconds;
    var alive = (await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
        .Where(s => s.GrainType.Contains(nameof(FloorGrain), StringComparison.Ordinal)) // statistics name the grain class
        .Sum(s => (long)s.ActivationCount);
    var after = await SettledAsync();
    var floor = new MemoryFloor(count, alive, seconds, before.WorkingSet, after.WorkingSet, before.Heap, after.Heap,
        (double)(after.WorkingSet - before.WorkingSet) / count, (double)(after.Heap - before.Heap) / count);
    Console.WriteLine(
        $"{count:N0} grains alive in {seconds:F1} s ({alive:N0} activations counted): working set {FloorTable.Gib(before.WorkingSet)} → {FloorTable.Gib(after.WorkingSet)}, " +
        $"GC heap {FloorTable.Gib(before.Heap)} → {FloorTable.Gib(after.Heap)}; per activation {floor.WorkingSetBytesPerGrain:N0} B of working set, {floor.HeapBytesPerGrain:N0} B of heap");
    return floor;
}

// After a full, compacting collection and a pause for the GC to give memory back.
static async Task<(long WorkingSet, long Heap)> SettledAsync()
{
    for (var i = 0; i < 2; i++)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    await Task.Delay(TimeSpan.FromSeconds(5));
    using var process = Process.GetCurrentProcess();
    return (process.WorkingSet64, GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes);
}

// utime + stime of a process, from /proc/<pid>/stat, in clock ticks of 10 ms (USER_HZ 100, as on every common Linux build).
static TimeSpan RedisCpu(int? pid)
{
    if (pid is null)
    {
        return TimeSpan.Zero;
    }

    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    return TimeSpan.FromMilliseconds(ticks * 10);
}

static TimeSpan Seconds(string text) => text.EndsWith("ms", StringComparison.Ordinal)
    ? TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture))
    : TimeSpan.FromSeconds(double.Parse(text.TrimEnd('s'), CultureInfo.InvariantCulture));

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
