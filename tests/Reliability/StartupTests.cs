using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Reliability;

/// <summary>The service as an operator starts it (<c>dotnet IpGuard.Api.dll</c>), when it cannot start.</summary>
public sealed class StartupTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact(DisplayName = "Startup: the api on a port already in use names the address and exits 1, not aborted by an unhandled exception")]
    public async Task PortInUseExitsWithItsCause()
    {
        using var held = new TcpListener(IPAddress.Loopback, 0);
        held.Start();
        var port = ((IPEndPoint)held.LocalEndpoint).Port;
        var (exitCode, _, error) = await ChildProcess.RunAsync("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "IpGuard.Api.dll"),
            $"--urls=http://127.0.0.1:{port}",
            $"--IpGuard:SiloPort={ApiServer.FreePort().ToString(CultureInfo.InvariantCulture)}",
            $"--IpGuard:GatewayPort={ApiServer.FreePort().ToString(CultureInfo.InvariantCulture)}",
        ], Bound);

        Assert.True(exitCode == 1, $"exit code {exitCode}; stderr: {error}");
        Assert.Contains($"127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.Contains("address already in use", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
    }
}
