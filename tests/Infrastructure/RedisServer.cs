using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace IpGuard.Tests.Infrastructure;

/// <summary>
/// A real redis-server for tests: the one named by IPGUARD_TEST_REDIS (as .ci/run starts it),
/// or else one this process starts on a free loopback port and stops when disposed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "IPGUARD_TEST_REDIS";

    private readonly Process? _process;

    private RedisServer(string connectionString, Process? process)
    {
        ConnectionString = connectionString;
        _process = process;
    }

    /// <summary>The port of a server this process started.</summary>
    public int Port { get; private init; }

    /// <summary>host:port of the server.</summary>
    public string ConnectionString { get; }

    public static async Task<RedisServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var shared = new RedisServer(configured, null);
            await shared.WaitUntilReadyAsync();
            return shared;
        }

        return await StartOwnAsync();
    }

    /// <summary>
    /// A redis-server of this test's own, which the test may stop (outage tests). With a data
    /// folder it keeps an append-only file synced on every write, so a restart on the same
    /// folder comes back with every write it acknowledged.
    /// </summary>
    public static async Task<RedisServer> StartOwnAsync(int? port = null, string? dataDirectory = null)
    {
        port ??= FreePort();
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--protected-mode", "yes" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dataDirectory is null)
        {
            start.ArgumentList.Add("--appendonly");
            start.ArgumentList.Add("no");
        }
        else
        {
            foreach (var argument in new[] { "--dir", dataDirectory, "--appendonly", "yes", "--appendfsync", "always" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed: run the README's test command, which installs it (apt-get install redis-server).", e);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer($"127.0.0.1:{port}", process) { Port = port.Value };
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>How many keys this service id has in Redis.</summary>
    public async Task<long> CountKeysAsync(string serviceId)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        var server = connection.GetServers()[0];
        long count = 0;
        await foreach (var _ in server.KeysAsync(pattern: $"{serviceId}/*"))
        {
            count++;
        }

        return count;
    }

    /// <summary>Kills a server this process started (an outage).</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            throw new InvalidOperationException("Only a server this test started can be stopped.");
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},connectTimeout=1000,abortConnect=true");
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException e)
            {
                last = e;
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"redis at {ConnectionString} did not answer within 15 s", last);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
