using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IpGuard.Floor;

internal sealed record CallFloor(string Mode, int Grains, int Concurrency, int? TellPercent, double Seconds, long Calls, double PerSecond,
    double ProcessCpuMicroseconds, double? RedisCpuMicroseconds, long Errors);

internal sealed record MemoryFloor(int Grains, long ActivationsCounted, double ActivationSeconds, long WorkingSetBefore, long WorkingSetAfter,
    long HeapBefore, long HeapAfter, double WorkingSetBytesPerGrain, double HeapBytesPerGrain);

/// <summary>The floors of one run, as bench/RESULTS.md shows them.</summary>
internal static class FloorTable
{
    private static readonly (string Mode, string What)[] Rows =
    [
        ("calls", "grain call answered from memory"),
        ("writes", "grain call that writes its state to Redis"),
        ("events", "a listing event at the least: a write, then its owner's write"),
        ("events-share", "the same, the owner written on a share of the events only"),
    ];

    public static string Markdown(string directory)
    {
        var text = new StringBuilder();
        text.AppendLine("| floor (one silo, callers in its process, no HTTP) | per second | µs of CPU each (silo and callers) | µs of Redis CPU each |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var (mode, what) in Rows)
        {
            if (Read<CallFloor>(directory, mode) is { } floor)
            {
                var share = floor.TellPercent is { } told and < 100 ? $" ({told}%)" : "";
                text.AppendLine(CultureInfo.InvariantCulture, $"| {what}{share} | {floor.PerSecond:N0} | {floor.ProcessCpuMicroseconds:F1} | {(floor.RedisCpuMicroseconds is { } r ? r.ToString("F1", CultureInfo.InvariantCulture) : "")} |");
            }
        }

        if (Read<MemoryFloor>(directory, "memory") is { } memory)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{memory.Grains:N0} grains with a persistent state and nothing in it: working set {Gib(memory.WorkingSetBefore)} → {Gib(memory.WorkingSetAfter)}, " +
                $"GC heap {Gib(memory.HeapBefore)} → {Gib(memory.HeapAfter)}; {memory.WorkingSetBytesPerGrain:N0} B of working set and {memory.HeapBytesPerGrain:N0} B of heap per activation.");
        }

        return text.ToString();
    }

    private static T? Read<T>(string directory, string name) where T : class
    {
        var path = Path.Combine(directory, $"{name}.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path)) : null;
    }

    public static string Gib(long bytes) => $"{bytes / (1024.0 * 1024 * 1024):F2} GiB";
}
