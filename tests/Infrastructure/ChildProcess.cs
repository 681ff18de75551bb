using System.Diagnostics;

namespace IpGuard.Tests.Infrastructure;

/// <summary>A program the tests run to its end: its output read, its time bounded, and on timeout it and its children killed (only this process's own tree).</summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>; <see cref="TimeoutException"/> if it has not exited within <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string file, IEnumerable<string> arguments, TimeSpan timeout, Action<ProcessStartInfo>? configure = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        configure?.Invoke(start);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {timeout}: {await output}");
        }

        return (process.ExitCode, await output, await error);
    }
}
