using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace IpGuard.Tests.Infrastructure;

/// <summary>
/// A silo as a separate process: <c>dotnet IpGuard.Silo.dll</c> from the test's output folder,
/// with Redis clustering on free loopback ports. It can be killed outright (SIGKILL, a crash) or
/// stopped gracefully (SIGTERM); only through this process's own handle.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int KeptLines = 300;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process, string name, int siloPort, int gatewayPort)
    {
        _process = process;
        Name = name;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public string Name { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the silo wrote (warnings and errors, and its start), for diagnostics.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Starts a silo joining the cluster of <paramref name="serviceId"/>/<paramref name="clusterId"/> through Redis membership.</summary>
    public static SiloProcess Start(string name, string redis, string serviceId, string clusterId, IDictionary<string, string>? settings = null)
    {
        var siloPort = ApiServer.FreePort();
        var gatewayPort = ApiServer.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IpGuard.Silo.dll"));
        var args = new Dictionary<string, string>
        {
            ["IpGuard:Clustering"] = "Redis",
            ["IpGuard:Redis"] = redis,
            ["IpGuard:ServiceId"] = serviceId,
            ["IpGuard:ClusterId"] = clusterId,
            ["IpGuard:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["IpGuard:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["IpGuard:AdvertisedIp"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args[key] = value;
        }

        foreach (var (key, value) in args)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the silo");
        var silo = new SiloProcess(process, name, siloPort, gatewayPort);
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until the silo has joined the cluster (the host logs that it started).</summary>
    public async Task WaitUntilStartedAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_started.Task, exited, Task.Delay(timeout));
        if (first == _started.Task)
        {
            return;
        }

        throw new TimeoutException(first == exited
            ? $"silo {Name} exited with {_process.ExitCode} before it started:{Environment.NewLine}{RecentOutput}"
            : $"silo {Name} did not start within {timeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput}");
    }

    /// <summary>A crash: SIGKILL, no shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>A graceful stop (SIGTERM: the silo leaves the cluster); killed if it takes longer than <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows() || Kill(_process.Id, SigTerm) != 0)
        {
            await KillAsync();
            return;
        }

        using var bounded = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }

    // kill(2): SIGTERM has no managed API; a plain int signature needs no marshalling.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
