using System.Diagnostics;
using System.Text;

namespace IpGuard.Tests.Infrastructure;

/// <summary>
/// The OpenAPI tools the contract tests run: @redocly/cli and @stoplight/prism-cli, pinned in
/// tools/openapi/package-lock.json and installed by scripts/openapi-tools.sh when missing.
/// </summary>
public static class OpenApiTools
{
    /// <summary>npm ci on a fresh machine takes about a minute; this bounds a hung registry.</summary>
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(12);

    public static string RepositoryRoot { get; } = FindRoot();

    public static string ToolsDirectory => Path.Combine(RepositoryRoot, "tools", "openapi");

    public static string Bin(string name) => Path.Combine(ToolsDirectory, "node_modules", ".bin", name);

    /// <summary>Installs the tools unless they are there (the script holds a lock, so concurrent callers wait for one install).</summary>
    public static async Task EnsureInstalledAsync()
    {
        var result = await RunAsync("bash", [Path.Combine(RepositoryRoot, "scripts", "openapi-tools.sh")], InstallTimeout);
        if (result.ExitCode != 0 || !File.Exists(Bin("redocly")) || !File.Exists(Bin("prism")))
        {
            throw new InvalidOperationException($"scripts/openapi-tools.sh failed ({result.ExitCode}):\n{result.Output}");
        }
    }

    /// <summary>The environment every tool runs with: no telemetry, no update checks (the tests reach only loopback).</summary>
    public static void Quiet(ProcessStartInfo start)
    {
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["REDOCLY_SUPPRESS_NOTIFICATIONS"] = "true";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["NO_COLOR"] = "1";
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunToolAsync(string tool, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var result = await RunAsync(Bin(tool), arguments, timeout);
        return (result.ExitCode, result.Output, result.Error);
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout) =>
        ChildProcess.RunAsync(file, arguments, timeout, start =>
        {
            start.WorkingDirectory = RepositoryRoot;
            Quiet(start);
        });

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IpGuard.Orleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (IpGuard.Orleans.sln) is not above the test binaries.");
    }
}

/// <summary>
/// Stoplight Prism in proxy mode in front of a real api: it forwards every request, validates the
/// request and the real answer against the OpenAPI document, and reports what does not match in an
/// <c>sl-violations</c> header of the answer (it changes nothing else).
/// </summary>
public sealed class PrismProxy : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _log;

    private PrismProxy(Process process, Uri baseAddress, StringBuilder log)
    {
        _process = process;
        BaseAddress = baseAddress;
        _log = log;
    }

    public Uri BaseAddress { get; }

    /// <summary>What prism printed last (for a failure message).</summary>
    public string LogTail
    {
        get
        {
            lock (_log)
            {
                var text = _log.ToString();
                return text.Length > 4000 ? text[^4000..] : text;
            }
        }
    }

    public static async Task<PrismProxy> StartAsync(string documentPath, Uri upstream)
    {
        var port = ApiServer.FreePort();
        var start = new ProcessStartInfo(OpenApiTools.Bin("prism"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = OpenApiTools.RepositoryRoot,
        };
        // Without --errors prism forwards whatever it finds and reports violations in a header,
        // so every test still sees the api's own answer.
        foreach (var argument in new[] { "proxy", documentPath, upstream.ToString().TrimEnd('/'), "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--errors", "false", "--cors", "false", "--verboseLevel", "warn" })
        {
            start.ArgumentList.Add(argument);
        }

        OpenApiTools.Quiet(start);
        var log = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("prism did not start");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var proxy = new PrismProxy(process, new Uri($"http://127.0.0.1:{port}"), log);
        using var probe = new HttpClient { BaseAddress = proxy.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                // Any answer from the api through the proxy (401 here) means prism is up.
                using var response = await probe.GetAsync("/v1/ping");
                return proxy;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                var tail = proxy.LogTail;
                await proxy.DisposeAsync();
                throw new InvalidOperationException($"prism proxy did not answer within {StartTimeout}:\n{tail}", e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
            if (log.Length > 64_000)
            {
                log.Remove(0, log.Length - 32_000);
            }
        }
    }
}
